// The progress bar's two forms: redrawn in place on a terminal, plain lines otherwise.
#include "src/terminal_progress.h"

#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

using ankc::TerminalProgress;

TEST_CASE("terminal progress: a bar redrawn in place, ended by a newline") {
  std::ostringstream out;
  {
    TerminalProgress bar("importing", out, true);
    bar.update("media", 0, 4, TerminalProgress::Unit::files);
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    bar.update("media", 2, 4, TerminalProgress::Unit::files);
    bar.finish();
    bar.update("media", 3, 4, TerminalProgress::Unit::files);  // after finish: nothing more
  }
  std::string text = out.str();
  CHECK(text.rfind("\rimporting media [------------------------] 0% 0/4 files", 0) == 0);
  CHECK(text.find("\rimporting media [############------------] 50% 2/4 files") != std::string::npos);
  CHECK(text.find("3/4") == std::string::npos);
  CHECK(text.back() == '\n');
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
}

TEST_CASE("terminal progress: plain lines, one per stage and at most one a second") {
  std::ostringstream out;
  TerminalProgress bar("exporting", out, false);
  bar.update("collection", 0, 0);
  for (int i = 0; i < 100; ++i) bar.update("media", i, 100, TerminalProgress::Unit::files);
  bar.update("writing", 5'000'000, 0, TerminalProgress::Unit::bytes);
  bar.finish();
  std::string text = out.str();
  CHECK(text.find("\r") == std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 3);
  CHECK(text.find("exporting collection ") == 0);
  CHECK(text.find("\nexporting media 0% 0/100 files ") != std::string::npos);
  CHECK(text.find("\nexporting writing 5.0 MB ") != std::string::npos);
}

TEST_CASE("terminal progress: tick keeps the time moving and asks the poll") {
  std::ostringstream out;
  int polls = 0;
  {
    TerminalProgress bar("syncing", out, true);
    bar.update("media", 0, 0);
    bar.tick([&polls](TerminalProgress& p) { p.update("media", ++polls, 10, TerminalProgress::Unit::files); });
    std::this_thread::sleep_for(std::chrono::milliseconds(450));
  }
  CHECK(polls >= 2);
  CHECK(out.str().find("/10 files") != std::string::npos);
}
