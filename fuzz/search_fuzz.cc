// Fuzzes Anki's search language: the parser, then the SQL writer over a fixed context (two note
// types, a current deck, a preset), so every qualifier the parser accepts is also written out.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "backends/action_error.h"
#include "backends/native/search/context.h"
#include "backends/native/search/parser.h"
#include "backends/native/search/sqlwriter.h"

namespace search = ankc::native::search;

namespace {

class FixedContext : public search::SearchContext {
 public:
  FixedContext() {
    notetypes_.push_back({1, "Basic", false, 0, {{0, "Front", false}, {1, "Back", false}}});
    notetypes_.push_back({2, "Cloze", true, 0, {{0, "Text", false}, {1, "Back Extra", true}}});
  }
  const std::vector<search::NotetypeInfo>& notetypes() override { return notetypes_; }
  search::Timing timing() override { return {1000, 1767398400, 1767323045}; }
  int64_t learn_ahead_secs() override { return 1200; }
  bool normalize_note_text() override { return true; }
  bool ignore_accents_in_search() override { return false; }
  std::optional<std::string> current_deck_name() override { return "Default"; }
  std::optional<int64_t> preset_id(std::string_view name) override {
    if (name == "Default") return 1;
    return std::nullopt;
  }
  std::vector<int64_t> decks_using_preset(int64_t) override { return {1}; }
  std::vector<std::pair<int64_t, std::string>> notes_by_checksum(int64_t, uint32_t) override {
    return {{1, "front"}};
  }

 private:
  std::vector<search::NotetypeInfo> notetypes_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<search::Node> nodes = search::parse_search(query);
    FixedContext ctx;
    search::write_search_sql(nodes, size % 2 ? search::ReturnItem::Notes : search::ReturnItem::Cards, ctx);
  } catch (const ankc::ActionError&) {
    // Anki's "Invalid search" texts: the expected answer to bad input.
  }
  return 0;
}
