// Media file names as Anki writes them (collection-format.md §11.3, §11.4): normalisation of a desired
// name (NFC, forbidden and unassigned characters removed, Windows device names, 120-byte limit), the
// hash-suffixed name used when a different file already has the name, and the check that a name is a
// single component that cannot leave the media folder.
#pragma once

#include <string>
#include <string_view>

namespace ankc::native::media {

// The longest file name Anki writes, in UTF-8 bytes.
inline constexpr size_t kMaxFilenameBytes = 120;

// Anki's normalize_filename (Anki 25.09 rules; no lower-casing). The result may be empty.
std::string normalize_filename(std::string_view name);
// True when normalize_filename leaves name unchanged.
bool is_normalized(std::string_view name);
// `{stem}-{sha1hex}.{ext}` with stem and extension cut so the result fits 120 bytes.
std::string hash_suffixed_name(std::string_view normalized_name, std::string_view sha1_hex);
// True when name is one path component that stays inside the folder: non-empty, not "." or "..", no
// '/', '\\' or NUL. Normalised names always pass except "", "." and "..".
bool is_safe_component(std::string_view name);
// The part after the last '/' (Python os.path.basename on POSIX).
std::string_view basename(std::string_view path);

}  // namespace ankc::native::media
