#include "backends/native/scheduling/load_balancer_cache.h"

#include <sqlite3.h>

#include "backends/native/scheduling/load_balancer_build.h"
#include "backends/native/session.h"

namespace ankc::native {

LoadBalancerCache::Marker LoadBalancerCache::marker(Session& s, int64_t today) {
  Marker m;
  m.col = &s.col();
  m.changes = sqlite3_total_changes64(s.db().handle());
  auto q = s.db().query("PRAGMA data_version");
  if (q.next()) m.data_version = q.col_int64(0);
  m.today = today;
  return m;
}

LoadBalancer* LoadBalancerCache::get(Session& s, const SchedTiming& timing) {
  const Marker now = marker(s, timing.today);
  if (!seen_ || !(*seen_ == now)) {
    balancer_ = build_load_balancer(s.db(), timing, s.clock());
    seen_ = now;
  }
  return balancer_ ? &*balancer_ : nullptr;
}

void LoadBalancerCache::saw_own_write(Session& s) {
  if (seen_) seen_ = marker(s, seen_->today);
}

}  // namespace ankc::native
