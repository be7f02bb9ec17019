// The collection's load balancer (load_balancer.h) as Anki builds it with its study queues (rslib
// scheduler/queue/builder QueueBuilder::new, LoadBalancer::new): the config key, the cards counted
// and the presets they count for, and the balancer's part in answering one card.
#pragma once

#include <optional>

#include "backends/native/collection/clock.h"
#include "backends/native/scheduling/load_balancer.h"
#include "backends/native/scheduling/timing.h"

namespace ankc::native {
namespace storage { class Db; }

// Config loadBalancerEnabled: true when absent or not a boolean (rslib BoolKey default true).
bool load_balancer_enabled(storage::Db& db);

// The balancer of the collection at `timing`, or nullopt when loadBalancerEnabled is off or a preset
// has an easy-days list of a length other than 0 or 7 (Anki refuses to build its queues then). Every
// card whose due column is a day in [today, today + 99) counts for the preset of its current deck
// (cards in filtered decks count for none); weekdays are the local dates of `clock`'s time zone.
std::optional<LoadBalancer> build_load_balancer(storage::Db& db, const SchedTiming& timing, const Clock& clock);

// The weekday (0 = Monday) of the local date of the moment `interval - 1` days after the next
// rollover (rslib interval_to_weekday).
int interval_weekday(uint32_t interval, TimestampSecs next_day_at, const Clock& clock);

}  // namespace ankc::native
