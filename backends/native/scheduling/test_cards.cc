#include "backends/native/scheduling/test_cards.h"

#include "backends/native/storage/db.h"

namespace ankc::native::testing {

SchedCollection::SchedCollection(int64_t now_secs, int minutes_west) {
  set_now(now_secs, minutes_west);
  exec("UPDATE col SET crt = 1774857600");
  exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('creationOffset', 0, 0, CAST('240' AS BLOB))");
  exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('rollover', 0, 0, CAST('4' AS BLOB))");
}

void SchedCollection::set_now(int64_t now_secs, int minutes_west) {
  clock = FixedClock(TimestampMillis{now_secs * 1000}, minutes_west);
}

void SchedCollection::exec(const std::string& sql) { session->db().exec(sql); }

int64_t SchedCollection::add_card(const CardSpec& c) {
  const int64_t nid = c.nid ? c.nid : c.id;
  if (!c.nid) {
    exec("INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) SELECT " +
         std::to_string(nid) + ", 'g" + std::to_string(nid) + "', id, 1, -1, '', 'front\x1f" "back', 'front', 460909371, 0, ''" +
         " FROM notetypes WHERE name = 'Basic'");
  }
  exec("INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid,"
       " flags, data) VALUES (" +
       std::to_string(c.id) + ", " + std::to_string(nid) + ", " + std::to_string(c.did) + ", " + std::to_string(c.ord) +
       ", 1, -1, " + std::to_string(c.type) + ", " + std::to_string(c.queue) + ", " + std::to_string(c.due) + ", " +
       std::to_string(c.ivl) + ", " + std::to_string(c.factor) + ", " + std::to_string(c.reps) + ", " +
       std::to_string(c.lapses) + ", " + std::to_string(c.left) + ", " + std::to_string(c.odue) + ", " +
       std::to_string(c.odid) + ", 0, '" + c.data + "')");
  return c.id;
}

}  // namespace ankc::native::testing
