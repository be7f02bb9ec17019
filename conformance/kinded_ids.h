// Ids paired by kind, for comparing two live servers (shadow mode). The replayer's Substitutions map
// one token to another whatever it stands for, which is enough when one side is a cassette (its ids are
// distinct placeholders). Two live servers both hand out ids from the clock, and one server may give a
// note and a card, or a deck and a note, the same number in the same millisecond while the other does
// not: then one token of the primary stands for two of the shadow's, and only the kind of the object
// (read from where the number stands: the action and the JSON path) tells which.
//
// KindedIds learns, per kind, primary id -> shadow id from the pairs of responses (the volatile rules
// of volatile_values.h: ids of 13+ digits and 13+-digit object keys learned, `guid` learned, mod/crt/usn
// tolerated in place), rewrites later requests by kind, and reconciles a primary response with the
// shadow's (learned values and tolerated ones taken from the shadow, everything else left for a byte
// comparison). Kinds: note, card, deck, model, deck config, review, field, template; an id at a position
// no rule covers has kind "" and is rewritten only when every kind agrees on it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ankc::conformance {

enum class IdSide { request, response };

// The kind of the id at a JSON position of an action's request (`path` below "params") or response
// (`path` below the envelope's "result", or the whole body when it is not enveloped). Path steps:
// a member name, "[i]" for an array item (i its index), "{id}" for a member whose name is an id.
// `is_key`: the id is that member name itself (the last step is "{id}"). "" when no rule covers it.
std::string id_kind(std::string_view action, IdSide side, const std::vector<std::string>& path, bool is_key = false);

// The kind a search prefix names in a query string (nid: note, cid: card, did: deck, mid: model); "".
std::string query_prefix_kind(std::string_view prefix);

class KindedIds {
 public:
  // The primary's request as the shadow should get it: every id learned for the kind of its position
  // (and ids in query strings: `nid:`, `cid:`, `did:`, `mid:`) replaced by the shadow's. Bodies that are
  // not JSON, and URL targets, get only ids every kind agrees on. Remembers the pairs it used as the
  // context of the exchange's response (an error text naming the id the request named).
  std::string rewrite_request(std::string_view body);
  std::string rewrite_text(std::string_view text) const;

  // Compares the primary's response body with the shadow's for the request last passed to
  // rewrite_request (`request_body`, the primary's). Learns the pairs at id positions (the latest
  // pairing of a kind wins: a primary may reuse a deleted object's id), and returns the primary's body
  // with learned ids, guids and tolerated values (mod, crt, usn) taken from the shadow's. The caller
  // compares that with the shadow's body byte for byte: any other difference remains.
  std::string reconcile(std::string_view request_body, std::string_view primary, std::string_view shadow);

  // kind -> primary id -> shadow id ("guid" holds guids with their quotes), for reports and tests.
  const std::map<std::string, std::map<std::string, std::string>>& mapping() const { return map_; }
  void add(const std::string& kind, const std::string& primary, const std::string& shadow);

  // The shadow's id for `token` at a position of kind `kind`: that kind's pairing (or one learned at a
  // position of no known kind); for kind "", the one value every kind agrees on. "" when none.
  std::string lookup(const std::string& kind, const std::string& token) const;

 private:
  std::map<std::string, std::map<std::string, std::string>> map_;
  bool learned_difference_ = false;  // some pair maps an id to another (else identical bodies teach nothing)
  // Primary id -> the shadow ids this exchange paired it with (its request's rewrites, then its response).
  std::map<std::string, std::set<std::string>> context_;
};

}  // namespace ankc::conformance
