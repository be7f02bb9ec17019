// The collection's load balancer kept from one request to the next of a Session, as Anki keeps its
// balancer with its study queues: built when first needed, kept up to date by the answers made
// with it (answer_card counts each one), and built anew from the collection when the collection
// changed in a way the cache did not make itself (another request's write, a commit on another
// connection, a reopened collection) or the day rolled over. Building it reads every card due in
// the next 99 days, which a busy collection would otherwise pay on every answerCards request.
#pragma once

#include <cstdint>
#include <optional>

#include "backends/native/scheduling/load_balancer.h"
#include "backends/native/scheduling/timing.h"

namespace ankc::native {
class Collection;
class Session;

class LoadBalancerCache {
 public:
  // The balancer for the collection as it is now at `timing`, or nullptr when loadBalancerEnabled is
  // off (or an easy-days list is malformed). Valid until the next call.
  LoadBalancer* get(Session& s, const SchedTiming& timing);
  // Call after a write whose answers went through get()'s balancer: the collection's state after it
  // is the one the balancer describes.
  void saw_own_write(Session& s);

 private:
  struct Marker {
    const Collection* col = nullptr;
    int64_t changes = -1;
    int64_t data_version = -1;
    int64_t today = -1;
    bool operator==(const Marker&) const = default;
  };
  static Marker marker(Session& s, int64_t today);

  std::optional<LoadBalancer> balancer_;
  std::optional<Marker> seen_;
};

}  // namespace ankc::native
