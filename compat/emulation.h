// Which AnkiConnect deployment the compat layer imitates. AnkiConnect's error texts depend on the Python
// and jsonschema versions bundled with the Anki release it runs in (spec ankiconnect-api.md §0).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ankc {

enum class PyFlavour { py39, py313 };
enum class JsonschemaFlavour { js412, js424 };

struct Emulation {
  PyFlavour py = PyFlavour::py313;
  JsonschemaFlavour js = JsonschemaFlavour::js424;

  // The profiles the `emulation` config key names:
  //   "anki25": Anki 25.07+ (Python 3.13, jsonschema >= 4.24) — the default;
  //   "anki23": Anki 23.10 – 25.02 (Python 3.9, jsonschema 4.1.2).
  static std::optional<Emulation> from_name(std::string_view name) {
    if (name == "anki25") return Emulation{PyFlavour::py313, JsonschemaFlavour::js424};
    if (name == "anki23") return Emulation{PyFlavour::py39, JsonschemaFlavour::js412};
    return std::nullopt;
  }
};

}  // namespace ankc
