#include "backends/native/scheduling/fsrs.h"

#include <algorithm>
#include <cmath>

namespace ankc::native {
namespace {

constexpr float kSMin = 0.001f;
constexpr float kSMax = 36500.0f;

constexpr std::array<float, 21> kDefaults = {0.212f,  1.2931f, 2.3065f, 8.2956f, 6.4133f, 0.8334f, 3.0194f,
                                             0.001f,  1.8722f, 0.1666f, 0.796f,  1.4835f, 0.0614f, 0.2629f,
                                             1.6483f, 0.6014f, 1.8729f, 0.5425f, 0.0912f, 0.0658f, 0.1542f};

struct Bounds { float lo, hi; };
constexpr std::array<Bounds, 21> kClamp = {{{0.001f, 100.0f}, {0.001f, 100.0f}, {0.001f, 100.0f}, {0.001f, 100.0f},
                                            {1.0f, 10.0f},    {0.001f, 4.0f},   {0.001f, 4.0f},   {0.001f, 0.75f},
                                            {0.0f, 4.5f},     {0.0f, 0.8f},     {0.001f, 3.5f},   {0.001f, 5.0f},
                                            {0.001f, 0.25f},  {0.001f, 0.9f},   {0.0f, 4.0f},     {0.0f, 1.0f},
                                            {1.0f, 6.0f},     {0.0f, 2.0f},     {0.0f, 2.0f},     {0.0f, 0.8f},
                                            {0.1f, 0.8f}}};

float init_difficulty(const FsrsParams& p, int rating) {
  return p.w[4] - std::exp(p.w[5] * static_cast<float>(rating - 1)) + 1.0f;
}

float forgetting_factor(const FsrsParams& p) { return std::exp(std::log(0.9f) / p.decay()) - 1.0f; }

}  // namespace

std::optional<FsrsParams> fsrs_params(const std::vector<float>& stored) {
  FsrsParams p;
  if (stored.empty()) {
    p.w = kDefaults;
    return p;
  }
  for (float v : stored)
    if (!std::isfinite(v)) return std::nullopt;
  std::vector<float> w = stored;
  if (w.size() == 17) {
    w[4] = w[4] + 2.0f * w[5];
    w[5] = std::log(3.0f * w[5] + 1.0f) / 3.0f;
    w[6] = w[6] + 0.5f;
    w.insert(w.end(), {0.0f, 0.0f, 0.0f, 0.5f});
  } else if (w.size() == 19) {
    w.insert(w.end(), {0.0f, 0.5f});
  } else if (w.size() != 21) {
    return std::nullopt;
  }
  for (size_t i = 0; i < 21; ++i) p.w[i] = std::clamp(w[i], kClamp[i].lo, kClamp[i].hi);
  return p;
}

float fsrs_decay_to_store(const std::vector<float>& stored) {
  if (stored.empty()) return kDefaults[20];
  if (stored.size() == 21) return stored[20];
  return 0.5f;
}

bool fsrs_allows_short_term(const std::vector<float>& stored) {
  return stored.empty() || (stored.size() >= 19 && stored[17] > 0.0f && stored[18] > 0.0f);
}

float fsrs_retrievability(const FsrsParams& p, float days, float stability) {
  return std::pow(days / stability * forgetting_factor(p) + 1.0f, p.decay());
}

float fsrs_interval(const FsrsParams& p, float stability, float retention) {
  return stability / forgetting_factor(p) * (std::pow(retention, 1.0f / p.decay()) - 1.0f);
}

MemoryState fsrs_next_memory(const FsrsParams& p, std::optional<MemoryState> memory, int rating,
                             uint32_t days_elapsed) {
  const auto& w = p.w;
  MemoryState out;
  if (!memory) {
    out.stability = w[rating - 1];
    out.difficulty = std::clamp(init_difficulty(p, rating), 1.0f, 10.0f);
  } else {
    const float s = std::clamp(memory->stability, kSMin, kSMax);
    const float d = std::clamp(memory->difficulty, 1.0f, 10.0f);
    float new_s;
    if (days_elapsed == 0) {
      float sinc = std::exp(w[17] * (static_cast<float>(rating) - 3.0f + w[18])) * std::pow(s, -w[19]);
      if (rating >= 2) sinc = std::max(sinc, 1.0f);
      new_s = s * sinc;
    } else {
      const float r = fsrs_retrievability(p, static_cast<float>(days_elapsed), s);
      if (rating == 1) {
        const float fail = w[11] * std::pow(d, -w[12]) * (std::pow(s + 1.0f, w[13]) - 1.0f) * std::exp((1.0f - r) * w[14]);
        new_s = std::min(fail, s / std::exp(w[17] * w[18]));
      } else {
        const float hard_penalty = rating == 2 ? w[15] : 1.0f;
        const float easy_bonus = rating == 4 ? w[16] : 1.0f;
        new_s = s * (std::exp(w[8]) * (11.0f - d) * std::pow(s, -w[9]) * (std::exp((1.0f - r) * w[10]) - 1.0f) *
                         hard_penalty * easy_bonus +
                     1.0f);
      }
    }
    const float delta = -w[6] * (static_cast<float>(rating) - 3.0f);
    const float damped = d + (10.0f - d) * delta / 9.0f;
    const float reverted = w[7] * (init_difficulty(p, 4) - damped) + damped;
    out.stability = new_s;
    out.difficulty = std::clamp(reverted, 1.0f, 10.0f);
  }
  out.stability = std::clamp(out.stability, kSMin, kSMax);
  return out;
}

FsrsNextStates fsrs_next_states(const FsrsParams& p, std::optional<MemoryState> memory, float retention,
                                uint32_t days_elapsed) {
  auto state = [&](int rating) {
    FsrsItemState s;
    s.memory = fsrs_next_memory(p, memory, rating, days_elapsed);
    s.interval = fsrs_interval(p, s.memory.stability, retention);
    return s;
  };
  return FsrsNextStates{state(1), state(2), state(3), state(4)};
}

}  // namespace ankc::native
