// ankiconnectd's entry point; everything happens in src/cli.cc.
#include <malloc.h>

#include <string>
#include <vector>

#include "backends/native/storage/db.h"
#include "src/cli.h"

int main(int argc, char** argv) {
  // Big answers (100k ids: a ~1.2 MB id list, a ~2.4 MB JSON array, a ~2.3 MB body) are built and freed
  // on every request. glibc's defaults handed such blocks back to the kernel after each one (mmap, or
  // an arena trimmed with madvise), so the next request faulted in fresh zeroed pages: ~20% of the
  // server's CPU for findCards deck:* (page faults 15%, madvise 4%). Blocks below 8 MiB now come from
  // the arenas and stay there, up to 16 MiB of free memory per arena; larger ones (media bodies,
  // packages) are still mapped and unmapped as before.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  ankc::native::storage::use_multithread_mode();
  return ankc::run_cli(std::vector<std::string>(argv + 1, argv + argc));
}
