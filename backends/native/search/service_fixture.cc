#include "backends/native/search/service_fixture.h"

#include <stdlib.h>

#include <stdexcept>

#include "backends/action_error.h"
#include "backends/native/search/test_collection.h"
#include "compat/pyjson.h"

namespace ankc::native::search::testing {
namespace fs = std::filesystem;

void write_fixture_f(const fs::path& file) {
  TempCollection col = TempCollection::create_empty();
  build_fixture_f(col);
  fs::copy_file(col.path(), file);  // no WAL: the committed file is complete
}

FixtureSession::FixtureSession() : clock_(TimestampMillis{kFixtureNow * 1000}, 0) {
  std::string tmpl = (fs::temp_directory_path() / "ankc-searchsvc-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  file_ = dir_ / "collection.anki2";
  write_fixture_f(file_);
  use_clock(clock_);
}

FixtureSession::~FixtureSession() {
  session_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void FixtureSession::use_clock(Clock& clock) {
  session_.reset();
  session_ = std::make_unique<Session>(file_, dir_ / "collection.media", clock, random_);
}

std::string FixtureSession::call(std::span<const ServiceAction> table, std::string_view name,
                                 const boost::json::object& params) {
  for (const ServiceAction& a : table) {
    if (a.name != name) continue;
    try {
      return pyjson::dumps(a.handler(*session_, params));
    } catch (const ActionError& e) {
      return std::string("error: ") + e.what();
    }
  }
  throw std::runtime_error("no action " + std::string(name));
}

}  // namespace ankc::native::search::testing
