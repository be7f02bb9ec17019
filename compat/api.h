// The AnkiConnect request pipeline after the HTTP layer: body decoding, request-schema validation,
// API key, action lookup, parameter binding, `multi`, requestPermission, apiReflect and the reply
// envelope per API version (spec ankiconnect-api.md §1.4, §2). Transport-independent.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/backend.h"
#include "compat/emulation.h"

namespace ankc {

struct CompatSettings {
  Emulation emulation;
  std::optional<std::string> api_key;          // apiKey; nullopt = none configured (JSON null)
  std::vector<std::string> cors_origins{"http://localhost"};  // webCorsOriginList
  std::vector<std::string> ignore_origins;     // ignoreOriginList
  int api_version = 6;                         // what `version` answers
  std::string addon_package = "2055492159";    // appears in one TypeError text
};

// What the HTTP layer should send for one non-OPTIONS request.
struct ApiOutcome {
  bool forbidden = false;                  // answer 403 (no body)
  std::string body;                        // reply bytes when !forbidden
  std::optional<std::string> cors_origin;  // overrides the computed corsOrigin (requestPermission)
  std::string action;                      // for the log line ("" when unparsed)
};

class Api {
 public:
  Api(CompatSettings settings, Backend& backend);

  // Answers a request body. `allowed` is the CORS verdict; `origin` the Origin header, if any.
  ApiOutcome handle(std::string_view body, bool allowed, const std::optional<std::string>& origin);
  // handle() on a body it owns and frees as soon as it is parsed (a large body is not held while the
  // action runs).
  ApiOutcome handle_owned(std::string body, bool allowed, const std::optional<std::string>& origin);

  // AnkiConnect's `handler`: answers one request object (also each element of `multi`) with the reply
  // value, enveloped per the request's version. The params are moved out of `request` when bound.
  boost::json::value dispatch(boost::json::value request);

  const CompatSettings& settings() const { return settings_; }

 private:
  ApiOutcome answer(std::string_view body, std::string* owned, bool allowed,
                    const std::optional<std::string>& origin);
  boost::json::value run_action(const std::string& action, const boost::json::object& params);

  CompatSettings settings_;
  Backend& backend_;
};

}  // namespace ankc
