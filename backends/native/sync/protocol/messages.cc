#include "backends/native/sync/protocol/messages.h"

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

#include "backends/native/sync/protocol/wire.h"

namespace ankc::native::sync {

namespace json = boost::json;

namespace {

[[noreturn]] void fail(const std::string& what) { throw ProtocolError("invalid json: " + what); }

const json::object& as_object(const json::value& v, const char* what) {
  if (!v.is_object()) fail(std::string(what) + " is not an object");
  return v.get_object();
}

const json::array& as_array(const json::value& v, const char* what) {
  if (!v.is_array()) fail(std::string(what) + " is not an array");
  return v.get_array();
}

const json::value& required(const json::object& o, const char* key) {
  const json::value* p = o.if_contains(key);
  if (!p) fail(std::string("missing '") + key + "'");
  return *p;
}

// A JSON integer; floats are refused (§0.5).
int64_t to_int(const json::value& v, const char* what) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(v.get_uint64());
  }
  fail(std::string(what) + " is not an integer");
}

// An integer, or a float truncated toward zero, as the reference takes from old clients (§0.5).
int64_t to_int_or_float(const json::value& v, const char* what) {
  if (v.is_double()) {
    double d = v.get_double();
    if (!std::isfinite(d) || d >= 9.2e18 || d <= -9.2e18) fail(std::string(what) + " is out of range");
    return static_cast<int64_t>(d);
  }
  return to_int(v, what);
}

int32_t to_i32(const json::value& v, const char* what) {
  int64_t n = to_int(v, what);
  if (n < std::numeric_limits<int32_t>::min() || n > std::numeric_limits<int32_t>::max()) {
    fail(std::string(what) + " is out of range");
  }
  return static_cast<int32_t>(n);
}

std::string to_str(const json::value& v, const char* what) {
  if (!v.is_string()) fail(std::string(what) + " is not a string");
  return std::string(v.get_string());
}

bool to_bool(const json::value& v, const char* what) {
  if (!v.is_bool()) fail(std::string(what) + " is not a boolean");
  return v.get_bool();
}

// Grave ids: integers, or decimal strings from very old AnkiMobile.
std::vector<int64_t> grave_ids(const json::object& o, const char* key) {
  std::vector<int64_t> out;
  const json::value* p = o.if_contains(key);
  if (!p || p->is_null()) return out;
  for (const json::value& id : as_array(*p, key)) {
    if (id.is_string()) {
      const json::string& s = id.get_string();
      std::string text(s.data(), s.size());
      size_t used = 0;
      int64_t n = 0;
      try {
        n = std::stoll(text, &used);
      } catch (const std::exception&) {
        fail(std::string("grave id '") + text + "' is not a number");
      }
      if (used != text.size() || text.empty()) fail(std::string("grave id '") + text + "' is not a number");
      out.push_back(n);
    } else {
      out.push_back(to_int(id, "grave id"));
    }
  }
  return out;
}

json::array ids_to_json(const std::vector<int64_t>& ids) {
  json::array a;
  a.reserve(ids.size());
  for (int64_t id : ids) a.emplace_back(id);
  return a;
}

const json::array& row(const json::value& v, size_t len, const char* what) {
  const json::array& a = as_array(v, what);
  if (a.size() != len) fail(std::string(what) + " row has " + std::to_string(a.size()) + " items, not " + std::to_string(len));
  return a;
}

}  // namespace

// --- hostKey, meta ------------------------------------------------------------------------------

json::value to_json(const HostKeyRequest& r) { return json::object{{"u", r.username}, {"p", r.password}}; }

HostKeyRequest host_key_request_from_json(const json::value& v) {
  const json::object& o = as_object(v, "hostKey request");
  return {to_str(required(o, "u"), "u"), to_str(required(o, "p"), "p")};
}

json::value to_json(const MetaRequest& r) { return json::object{{"v", r.v}, {"cv", r.cv}}; }

MetaRequest meta_request_from_json(const json::value& v) {
  const json::object& o = as_object(v, "meta request");
  MetaRequest r;
  int64_t ver = to_int(required(o, "v"), "v");
  if (ver < 0 || ver > 255) fail("v is out of range");
  r.v = static_cast<int>(ver);
  r.cv = to_str(required(o, "cv"), "cv");
  return r;
}

json::value to_json(const SyncMeta& m) {
  json::object o;
  o["mod"] = m.mod;
  o["scm"] = m.scm;
  o["usn"] = m.usn;
  o["ts"] = m.ts;
  o["msg"] = m.msg;
  o["cont"] = m.cont;
  o["hostNum"] = m.host_num;
  o["empty"] = m.empty;
  if (m.media_usn) o["media_usn"] = *m.media_usn;
  return o;
}

SyncMeta sync_meta_from_json(const json::value& v) {
  // Tolerant where third-party servers differ (§3.1): empty, media_usn, msg, cont and hostNum may be
  // missing; the numbers that drive the decision may not.
  const json::object& o = as_object(v, "meta answer");
  SyncMeta m;
  m.mod = to_int(required(o, "mod"), "mod");
  m.scm = to_int(required(o, "scm"), "scm");
  m.usn = to_i32(required(o, "usn"), "usn");
  m.ts = to_int(required(o, "ts"), "ts");
  if (const json::value* p = o.if_contains("msg"); p && !p->is_null()) m.msg = to_str(*p, "msg");
  if (const json::value* p = o.if_contains("cont"); p && !p->is_null()) m.cont = to_bool(*p, "cont");
  if (const json::value* p = o.if_contains("hostNum"); p && !p->is_null()) m.host_num = to_int(*p, "hostNum");
  if (const json::value* p = o.if_contains("empty"); p && !p->is_null()) m.empty = to_bool(*p, "empty");
  if (const json::value* p = o.if_contains("media_usn"); p && !p->is_null()) m.media_usn = to_i32(*p, "media_usn");
  return m;
}

// --- graves, start ------------------------------------------------------------------------------

json::value to_json(const Graves& g) {
  return json::object{{"cards", ids_to_json(g.cards)}, {"notes", ids_to_json(g.notes)}, {"decks", ids_to_json(g.decks)}};
}

Graves graves_from_json(const json::value& v) {
  const json::object& o = as_object(v, "graves");
  Graves g;
  g.cards = grave_ids(o, "cards");
  g.notes = grave_ids(o, "notes");
  g.decks = grave_ids(o, "decks");
  return g;
}

json::value to_json(const StartRequest& r) {
  json::object o;
  o["minUsn"] = r.min_usn;
  o["lnewer"] = r.lnewer;
  o["graves"] = r.graves ? to_json(*r.graves) : json::value(nullptr);
  return o;
}

StartRequest start_request_from_json(const json::value& v) {
  const json::object& o = as_object(v, "start request");
  StartRequest r;
  r.min_usn = to_i32(required(o, "minUsn"), "minUsn");
  r.lnewer = to_bool(required(o, "lnewer"), "lnewer");
  if (const json::value* p = o.if_contains("graves"); p && !p->is_null()) r.graves = graves_from_json(*p);
  return r;
}

// --- chunks -------------------------------------------------------------------------------------

namespace {

json::array revlog_row(const RevlogEntry& e) {
  return json::array{e.id, e.cid, e.usn, e.ease, e.ivl, e.last_ivl, e.factor, e.time, e.type};
}

RevlogEntry revlog_from_row(const json::value& v) {
  const json::array& a = row(v, 9, "revlog");
  RevlogEntry e;
  e.id = to_int(a[0], "revlog id");
  e.cid = to_int(a[1], "revlog cid");
  e.usn = to_i32(a[2], "revlog usn");
  e.ease = to_int(a[3], "revlog ease");
  e.ivl = to_int_or_float(a[4], "revlog ivl");
  e.last_ivl = to_int_or_float(a[5], "revlog lastIvl");
  e.factor = to_int_or_float(a[6], "revlog factor");
  e.time = to_int_or_float(a[7], "revlog time");
  e.type = to_int(a[8], "revlog type");
  return e;
}

json::array card_row(const CardEntry& c) {
  return json::array{c.id,  c.nid,    c.did,  c.ord,    c.mod,    c.usn,    c.type,  c.queue, c.due,
                     c.ivl, c.factor, c.reps, c.lapses, c.left, c.odue, c.odid, c.flags, c.data};
}

CardEntry card_from_row(const json::value& v) {
  const json::array& a = row(v, 18, "card");
  CardEntry c;
  c.id = to_int(a[0], "card id");
  c.nid = to_int(a[1], "card nid");
  c.did = to_int(a[2], "card did");
  c.ord = to_int(a[3], "card ord");
  c.mod = to_int_or_float(a[4], "card mod");
  c.usn = to_i32(a[5], "card usn");
  c.type = to_int(a[6], "card type");
  c.queue = to_int(a[7], "card queue");
  c.due = to_int_or_float(a[8], "card due");
  c.ivl = to_int_or_float(a[9], "card ivl");
  c.factor = to_int(a[10], "card factor");
  c.reps = to_int(a[11], "card reps");
  c.lapses = to_int(a[12], "card lapses");
  c.left = to_int(a[13], "card left");
  c.odue = to_int_or_float(a[14], "card odue");
  c.odid = to_int(a[15], "card odid");
  c.flags = to_int(a[16], "card flags");
  c.data = to_str(a[17], "card data");
  return c;
}

json::array note_row(const NoteEntry& n) {
  return json::array{n.id, n.guid, n.mid, n.mod, n.usn, n.tags, n.flds, "", "", n.flags, n.data};
}

NoteEntry note_from_row(const json::value& v) {
  const json::array& a = row(v, 11, "note");
  NoteEntry n;
  n.id = to_int(a[0], "note id");
  n.guid = to_str(a[1], "note guid");
  n.mid = to_int(a[2], "note mid");
  n.mod = to_int(a[3], "note mod");
  n.usn = to_i32(a[4], "note usn");
  n.tags = to_str(a[5], "note tags");
  n.flds = to_str(a[6], "note flds");
  // sfld and csum are ignored (recomputed by the receiver) but must be strings (§0.5).
  to_str(a[7], "note sfld");
  to_str(a[8], "note csum");
  n.flags = to_int(a[9], "note flags");
  n.data = to_str(a[10], "note data");
  return n;
}

}  // namespace

json::value to_json(const Chunk& c) {
  json::object o;
  o["done"] = c.done;
  if (!c.revlog.empty()) {
    json::array a;
    for (const auto& e : c.revlog) a.push_back(revlog_row(e));
    o["revlog"] = std::move(a);
  }
  if (!c.cards.empty()) {
    json::array a;
    for (const auto& e : c.cards) a.push_back(card_row(e));
    o["cards"] = std::move(a);
  }
  if (!c.notes.empty()) {
    json::array a;
    for (const auto& e : c.notes) a.push_back(note_row(e));
    o["notes"] = std::move(a);
  }
  return o;
}

Chunk chunk_from_json(const json::value& v) {
  const json::object& o = as_object(v, "chunk");
  Chunk c;
  if (const json::value* p = o.if_contains("done"); p && !p->is_null()) c.done = to_bool(*p, "done");
  if (const json::value* p = o.if_contains("revlog"); p && !p->is_null()) {
    for (const auto& r : as_array(*p, "revlog")) c.revlog.push_back(revlog_from_row(r));
  }
  if (const json::value* p = o.if_contains("cards"); p && !p->is_null()) {
    for (const auto& r : as_array(*p, "cards")) c.cards.push_back(card_from_row(r));
  }
  if (const json::value* p = o.if_contains("notes"); p && !p->is_null()) {
    for (const auto& r : as_array(*p, "notes")) c.notes.push_back(note_from_row(r));
  }
  return c;
}

// --- applyChanges -------------------------------------------------------------------------------

json::value to_json(const UnchunkedChanges& c) {
  json::object o;
  o["models"] = c.notetypes;
  o["decks"] = json::array{c.decks, c.deck_configs};
  json::array tags;
  for (const auto& t : c.tags) tags.emplace_back(t);
  o["tags"] = std::move(tags);
  if (c.config) o["conf"] = *c.config;
  if (c.crt) o["crt"] = *c.crt;
  return o;
}

UnchunkedChanges unchunked_changes_from_json(const json::value& v) {
  const json::object& o = as_object(v, "changes");
  UnchunkedChanges c;
  for (const auto& m : as_array(required(o, "models"), "models")) {
    as_object(m, "notetype");
    c.notetypes.push_back(m);
  }
  const json::array& decks = as_array(required(o, "decks"), "decks");
  if (decks.size() != 2) fail("decks is not [decks, deck configs]");
  for (const auto& d : as_array(decks[0], "decks[0]")) {
    as_object(d, "deck");
    c.decks.push_back(d);
  }
  for (const auto& d : as_array(decks[1], "decks[1]")) {
    as_object(d, "deck config");
    c.deck_configs.push_back(d);
  }
  for (const auto& t : as_array(required(o, "tags"), "tags")) c.tags.push_back(to_str(t, "tag"));
  if (const json::value* p = o.if_contains("conf"); p && !p->is_null()) c.config = as_object(*p, "conf");
  if (const json::value* p = o.if_contains("crt"); p && !p->is_null()) c.crt = to_int(*p, "crt");
  return c;
}

// --- sanity check -------------------------------------------------------------------------------

json::value to_json(const SanityCounts& c) {
  return json::array{json::array{c.due_new, c.due_learn, c.due_review}, c.cards, c.notes, c.revlog, c.graves,
                     c.notetypes, c.decks, c.deck_configs};
}

SanityCounts sanity_counts_from_json(const json::value& v) {
  const json::array& a = row(v, 8, "sanity counts");
  const json::array& due = row(a[0], 3, "due counts");
  SanityCounts c;
  c.due_new = to_int(due[0], "new count");
  c.due_learn = to_int(due[1], "learn count");
  c.due_review = to_int(due[2], "review count");
  c.cards = to_int(a[1], "cards count");
  c.notes = to_int(a[2], "notes count");
  c.revlog = to_int(a[3], "revlog count");
  c.graves = to_int(a[4], "graves count");
  c.notetypes = to_int(a[5], "notetypes count");
  c.decks = to_int(a[6], "decks count");
  c.deck_configs = to_int(a[7], "deck configs count");
  return c;
}

json::value to_json(const SanityCheckResponse& r) {
  json::object o;
  o["status"] = r.ok ? "ok" : "bad";
  o["c"] = r.client ? to_json(*r.client) : json::value(nullptr);
  o["s"] = r.server ? to_json(*r.server) : json::value(nullptr);
  return o;
}

SanityCheckResponse sanity_check_response_from_json(const json::value& v) {
  const json::object& o = as_object(v, "sanity check answer");
  SanityCheckResponse r;
  std::string status = to_str(required(o, "status"), "status");
  if (status == "ok") {
    r.ok = true;
  } else if (status == "bad") {
    r.ok = false;
  } else {
    fail("status '" + status + "' is neither ok nor bad");
  }
  if (const json::value* p = o.if_contains("c"); p && !p->is_null()) r.client = sanity_counts_from_json(*p);
  if (const json::value* p = o.if_contains("s"); p && !p->is_null()) r.server = sanity_counts_from_json(*p);
  return r;
}

// --- request envelopes --------------------------------------------------------------------------

const json::value& request_field(const json::value& body, std::string_view key) {
  const json::object& o = as_object(body, "request");
  const json::value* p = o.if_contains(key);
  if (!p) fail("missing '" + std::string(key) + "'");
  return *p;
}

json::value parse_json_payload(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) fail(ec.message());
  return v;
}

}  // namespace ankc::native::sync
