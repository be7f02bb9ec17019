// The command lines of the subcommands implemented outside src/: check (backends/native/check_command.h),
// replay and record (conformance/cli.h).
#include "backends/native/check_command.h"
#include "conformance/cli.h"
#include "src/commands.h"

namespace ankc {

CommandRun define_check(CommandLine& cl) {
  auto path = std::make_shared<std::string>();
  cl.positional("PATH", *path, "the collection file (a -wal file left beside it is recovered into it first)")
      .footer("Prints each violation of the collection format's invariants; exit 0 unless one is an error\n"
              "(warnings, which Anki tolerates, are printed but do not fail the check).");
  return [path] { return check_command(*path); };
}

CommandRun define_replay(CommandLine& cl) {
  auto a = std::make_shared<ReplayArgs>();
  cl.positionals("CASSETTE", a->cassettes, "cassette files, or folders of *.jsonl cassettes")
      .option("--target", a->target, "URL", "replay against this server (HOST:PORT or URL)")
      .option("--known-divergences", a->known_divergences, "FILE", "the known divergences (default: beside the cassettes' folder)")
      .option("--server-binary", a->server_binary, "PATH", "the ankiconnectd started per cassette without --target")
      .option("--fixtures", a->fixtures, "DIR", "the fixtures folder cassettes' states name")
      .footer("Replays cassettes against --target, or against a native ankiconnectd started per cassette,\n"
              "and compares the response bytes. Exit 1 when an unexpected failure remains.");
  return [a] { return replay_command(*a); };
}

CommandRun define_record(CommandLine& cl) {
  auto a = std::make_shared<RecordArgs>();
  cl.option("--upstream", a->upstream, "URL", "the desktop AnkiConnect to forward to")
      .option("--out", a->out, "FILE", "the cassette to write")
      .option("--listen", a->listen, "HOST:PORT", "where to listen (default 127.0.0.1:8765)")
      .option("--source", a->source, "TEXT", "the cassette's source line")
      .option("--emulation", a->emulation, "anki25|anki23", "the emulation the cassette is for")
      .option("--state", a->state, "fresh|fixture:FILE", "the collection state the cassette starts from")
      .required("--upstream")
      .required("--out")
      .footer("Serves as a proxy in front of URL and writes every exchange to the cassette FILE.");
  return [a] { return record_command(*a); };
}

}  // namespace ankc
