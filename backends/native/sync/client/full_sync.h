// Full sync (sync-protocol.md §5): one side replaces the other. Both directions work on a temporary
// file beside the collection and only rename it into place once the server has accepted the upload or
// the download has passed an integrity check, so a failure at any point leaves the collection file
// exactly as it was; the open collection is swapped without a restart.
#pragma once

#include <cstddef>

#include "backends/native/sync/client/transport.h"

namespace ankc::native { class Session; }

namespace ankc::native::sync {

// Uploads the collection: a vacuumed copy prepared as Anki's before_upload (graves cleared, pending
// usns zeroed, usn + 1, new scm = ls = mod), sent raw; on "OK" the copy becomes the collection.
// Returns the bytes of the uploaded file. Throws SyncError (ServerMessage with the server's text when
// it answers anything but OK).
size_t full_upload(Session& session, Transport& transport);

// Downloads the server's collection to a temporary file, checks it (integrity, a schema this engine
// opens), sets ls = mod, and renames it over the collection. Returns the bytes of the file.
size_t full_download(Session& session, Transport& transport);

}  // namespace ankc::native::sync
