// `ankiconnectd import`, `export`, `backup` and `restore`: packages and backups on the command line, for
// the profile the same --config as `serve` names. While that configuration's server holds the
// collection they ask it over its API (importAnkiPackage, importCollectionPackage, exportAnkiPackage,
// exportCollectionPackage, createBackup); otherwise they open the profile's files. A progress bar on a
// terminal (plain lines otherwise) and a summary go to stderr. Their command lines: src/commands.h.
#pragma once

#include "src/commands.h"
