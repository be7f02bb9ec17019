// The define functions of ankiconnectd's subcommands (src/command.h), each beside its command:
// serve (src/serve.cc), check/replay/record (src/tool_commands.cc), keygen (src/keygen.cc), sync
// (src/sync_command.cc), import/export/backup/restore (src/package_commands.cc).
#pragma once

#include "src/command.h"

namespace ankc {

CommandRun define_serve(CommandLine& cl);
CommandRun define_check(CommandLine& cl);
CommandRun define_replay(CommandLine& cl);
CommandRun define_record(CommandLine& cl);
CommandRun define_keygen(CommandLine& cl);
CommandRun define_sync(CommandLine& cl);
CommandRun define_import(CommandLine& cl);
CommandRun define_export(CommandLine& cl);
CommandRun define_backup(CommandLine& cl);
CommandRun define_restore(CommandLine& cl);

}  // namespace ankc
