// An event worth its own log line: a sync, a media sync, a backup. The sentence is the text log's line
// (unchanged by logFormat); the named values are what the JSON log (logFormat: json) adds to it, so a
// log shipper can graph syncs and backups without parsing sentences: {"msg": "<sentence>", "event":
// "sync", "result": "normal", "sent": 3, ...}.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ankc::native {

struct LogEvent {
  struct Field {
    std::string name;
    std::string value;
    bool number = false;  // written bare in JSON
  };
  bool error = false;
  std::string text;
  std::vector<Field> fields;  // the first is "event" (its kind: "sync", "media_sync", "backup")

  LogEvent(std::string event, bool is_error, std::string sentence)
      : error(is_error), text(std::move(sentence)), fields{{"event", std::move(event), false}} {}
  LogEvent& add(std::string name, std::string value) {
    fields.push_back({std::move(name), std::move(value), false});
    return *this;
  }
  LogEvent& add(std::string name, int64_t value) {
    fields.push_back({std::move(name), std::to_string(value), true});
    return *this;
  }
};

// Where events go; unset = their sentence through the plain info/error log.
using LogEventSink = std::function<void(const LogEvent&)>;

}  // namespace ankc::native
