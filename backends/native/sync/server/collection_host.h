// Where a sync account's collection lives and who else uses it: its own file (the standalone server,
// FileHost), or a profile whose collection ankiconnectd also serves to AnkiConnect clients (the native
// backend's host, backends/native/native_backend.cc). The account takes the collection for each
// protocol request that needs it, and keeps it from a normal sync's `start` until its `finish` or
// `abort`, so the API's writes never land inside a sync's transaction; the host decides how its other
// users wait meanwhile.
#pragma once

#include <filesystem>
#include <memory>

namespace ankc::native {
class Collection;
class Clock;
class Random;
}  // namespace ankc::native

namespace ankc::native::sync {

class CollectionHost {
 public:
  virtual ~CollectionHost() = default;
  // Takes the collection (waiting while its other users hold it); pairs with release(), which may be
  // called from another thread.
  virtual void acquire() = 0;
  virtual void release() = 0;
  // The open collection, opening it when needed; only between acquire() and release(). `created` is
  // set to true when the call created a new collection file.
  virtual Collection& col(bool* created = nullptr) = 0;
  // Closes it, leaving a complete file (WAL checkpointed) that may be read or replaced; the next col()
  // opens it again. Only between acquire() and release().
  virtual void close() = 0;
  // The collection file.
  virtual std::filesystem::path path() const = 0;
  // The media folder and the server's media database for this account.
  virtual std::filesystem::path media_folder() const = 0;
  virtual std::filesystem::path media_db() const = 0;
  // True when others write to the collection and media folder too (an AnkiConnect profile): the
  // server then picks up their media changes before answering media requests.
  virtual bool shared() const = 0;
};

// The standalone server's host: <folder>/collection.anki2, <folder>/media/, <folder>/media.db, used by
// the sync server alone (the account's mutex serialises it).
std::unique_ptr<CollectionHost> make_file_host(const std::filesystem::path& folder, Clock& clock, Random& random);

}  // namespace ankc::native::sync
