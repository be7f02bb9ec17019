// `ankiconnectd import` and `ankiconnectd export`: packages on the command line, on the profile's files
// (the same --config, data folder and profiles as `serve`). They open the collection directly, so
// they need it free: while a server holds it they stop with an error that says to use the server's
// API (importPackage / exportPackage) instead. Progress lines and the summary go to stderr.
#pragma once

#include <string>
#include <vector>

namespace ankc {

// import FILE [--profile NAME] [--config FILE]: .apkg (legacy or latest) and .colpkg, merged.
int import_command(const std::vector<std::string>& args);
// export --deck NAME --out FILE [--format apkg|apkg-legacy] [--with-scheduling] [--with-media]
// export --collection --out FILE.colpkg                                   [--profile NAME] [--config FILE]
int export_command(const std::vector<std::string>& args);
// backup [--profile NAME] [--config FILE]: a backup now (backends/native/backups/backup.h).
int backup_command(const std::vector<std::string>& args);
// restore BACKUP [--profile NAME] [--config FILE]: the collection replaced by a checked backup.
int restore_command(const std::vector<std::string>& args);

}  // namespace ankc
