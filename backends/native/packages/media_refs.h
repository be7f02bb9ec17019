// Media references in note fields as Anki's legacy Python media manager finds them (pylib
// anki/media.py, used by the legacy .apkg importer and exporter): `[sound:NAME]`, and the `src` of
// <img>/<audio> or the `data` of <object>, quoted or unquoted. Case-insensitive.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::packages {

// Every referenced name in text, pattern by pattern (sound first), in match order; remote URLs
// (http://, https://, ftp://) are left out.
std::vector<std::string> referenced_files(std::string_view text);

// Replaces every reference: for each match, `rename(name)` returns the name to use (or the same
// name to leave it); the matched text has all occurrences of the old name replaced (Python's
// str.replace on the match, as Anki's _mungeMedia does).
std::string transform_references(std::string_view text, const std::function<std::string(const std::string&)>& rename);

// Current Anki's rules (the modern importer and exporter): `[sound:NAME]` and the src/data attribute
// (quoted or not, HTML entities decoded) of img, audio, video, object and source tags. Calls
// rename(name) for each reference in order; a returned name replaces the reference (entity-encoded
// inside a tag), nullopt leaves it. Remote URLs are passed to rename too; callers look names up.
std::string rewrite_media_refs(std::string_view text,
                               const std::function<std::optional<std::string>(const std::string&)>& rename);

}  // namespace ankc::native::packages
