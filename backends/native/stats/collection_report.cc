#include "backends/native/stats/collection_report.h"

#include <cstdio>
#include <vector>

#include "backends/native/decks/deck_ops.h"
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/storage/cards/scheduling.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/revlog/stats.h"

namespace ankc::native {
namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string duration_text(int64_t millis) {
  const double secs = static_cast<double>(millis) / 1000.0;
  if (secs < 60) return fmt("%.0f seconds", secs);
  if (secs < 3600) return fmt("%.2f minutes", secs / 60);
  return fmt("%.2f hours", secs / 3600);
}

std::string row(const std::string& label, const std::string& value) {
  return "<tr><td width=200 align=right style='padding-right: 3px;'>" + label + "</td><td><b>" + value +
         "</b></td></tr>";
}

std::vector<DeckId> current_deck_tree(storage::Db& db) {
  const DeckId current{config_int(db, "curDeck").value_or(1)};
  std::vector<DeckId> out{current};
  if (auto deck = find_deck(db, current))
    for (const auto& child : storage::child_decks(db, deck->name)) out.push_back(child.id);
  return out;
}

}  // namespace

std::string collection_report_html(storage::Db& db, const SchedTiming& timing, bool whole_collection) {
  std::vector<DeckId> decks;
  if (!whole_collection) decks = current_deck_tree(db);
  const std::vector<DeckId>* scope = whole_collection ? nullptr : &decks;
  const auto today = storage::summarize_revlog(db, RevlogId{timing.day_start().v * 1000}, scope);
  const auto cards = storage::card_counts(db, scope);

  std::string html =
      "<style>\nh1 { margin-bottom: 0; margin-top: 1em; }\n.pielabel { text-align:center; padding:0px; "
      "color:white; }\nbody {background-image: url(data:image/png;base64,);}\n</style>";
  html += "<center><h1>Today</h1>";
  if (today.count == 0) {
    html += "No cards have been studied today.";
  } else {
    html += "Studied <b>" + std::to_string(today.count) + " cards</b> in <b>" + duration_text(today.millis) +
            "</b> today (" + fmt("%.2f", static_cast<double>(today.millis) / 1000.0 / static_cast<double>(today.count)) +
            "s/card)<br>";
    html += "Again count: <b>" + std::to_string(today.again) + "</b>";
    if (today.count > 0)
      html += " (" + fmt("%.1f", 100.0 * static_cast<double>(today.count - today.again) / static_cast<double>(today.count)) +
              "% correct)";
    html += "<br>Learn: <b>" + std::to_string(today.learning) + "</b>, Review: <b>" + std::to_string(today.review) +
            "</b>, Relearn: <b>" + std::to_string(today.relearning) + "</b>, Filtered: <b>" +
            std::to_string(today.filtered) + "</b>";
    if (today.mature_total > 0)
      html += "<br>Correct answers on mature cards: " + std::to_string(today.mature_passed) + "/" +
              std::to_string(today.mature_total) + " (" +
              fmt("%.1f", 100.0 * static_cast<double>(today.mature_passed) / static_cast<double>(today.mature_total)) +
              "%)";
  }
  html += "</center><center><h1>Card Counts</h1><table width=100%>";
  html += row("Total cards", std::to_string(cards.total));
  html += row("New", std::to_string(cards.new_cards));
  html += row("Learning", std::to_string(cards.learning));
  html += row("Young", std::to_string(cards.young));
  html += row("Mature", std::to_string(cards.mature));
  html += row("Suspended", std::to_string(cards.suspended));
  html += row("Buried", std::to_string(cards.buried));
  html += "</table></center>";
  return html;
}

}  // namespace ankc::native
