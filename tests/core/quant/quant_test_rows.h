#pragma once
// Rows for the kernel tests: random rows at several scales plus adversarial ones (zeros, signed zeros,
// constants, ties, outliers, huge / tiny / subnormal magnitudes). Every row has kRowLength elements, a
// multiple of 256 so that all block types accept it.
#include "core/quant/types.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace qs::test {

inline constexpr int64_t kRowLength = 1280; // 5 super-blocks: crosses the K solvers' 4-block chunks

struct NamedRow {
    std::string name;
    std::vector<float> x;
};

inline std::vector<NamedRow> adversarialRows(uint32_t seed = 1234) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::uniform_real_distribution<float> uni(-1.f, 1.f);
    const int64_t n = kRowLength;
    std::vector<NamedRow> rows;
    auto add = [&](std::string name, auto gen) {
        NamedRow r{std::move(name), std::vector<float>(size_t(n))};
        for (int64_t i = 0; i < n; ++i) r.x[size_t(i)] = gen(i);
        rows.push_back(std::move(r));
    };
    for (float scale : {1.0f, 0.02f, 3e-3f, 250.f})
        add("normal*" + std::to_string(scale), [&](int64_t) { return scale * normal(rng); });
    add("uniform", [&](int64_t) { return uni(rng); });
    add("per-subblock scales", [&](int64_t i) { return std::ldexp(normal(rng), int(i / 16 % 24) - 12); });
    add("zeros", [](int64_t) { return 0.0f; });
    add("negative zeros", [](int64_t) { return -0.0f; });
    add("mixed signed zeros", [&](int64_t) { return rng() & 1 ? 0.0f : -0.0f; });
    add("constant +", [](int64_t) { return 0.75f; });
    add("constant -", [](int64_t) { return -1.25f; });
    add("constant per 16", [](int64_t i) { return float(i / 16 % 7) - 3.0f; });
    add("all positive", [&](int64_t) { return 1.0f + std::fabs(normal(rng)); });
    add("all negative", [&](int64_t) { return -1.0f - std::fabs(normal(rng)); });
    add("single outlier", [&](int64_t i) { return i % 97 == 5 ? 40.0f : 0.01f * normal(rng); });
    add("outlier in zeros", [](int64_t i) { return i % 256 == 77 ? -3.0f : 0.0f; });
    add("abs tie +/-", [](int64_t i) { return i % 32 == 3 ? 2.0f : (i % 32 == 9 ? -2.0f : 0.5f); });
    add("abs tie -/+", [](int64_t i) { return i % 32 == 3 ? -2.0f : (i % 32 == 9 ? 2.0f : 0.5f); });
    add("half-integer ties", [&](int64_t i) { return float(int(rng() % 33) - 16) * 0.5f + (i % 32 == 0 ? 8.0f : 0.f); });
    add("q8 ties", [&](int64_t i) { return i % 32 == 0 ? 127.0f : float(int(rng() % 253) - 126) * 0.5f; });
    add("integers", [&](int64_t) { return float(int(rng() % 31) - 15); });
    add("ramp", [](int64_t i) { return float(i % 256) / 255.0f - 0.3f; });
    add("alternating", [](int64_t i) { return i & 1 ? 1.0f : -1.0f; });
    add("huge", [&](int64_t) { return 1e30f * normal(rng); });
    add("fp16-edge", [&](int64_t) { return 60000.f * uni(rng); });
    add("beyond fp16", [&](int64_t) { return 1e6f * uni(rng); });
    add("near FLT_MAX", [&](int64_t) { return 1e37f * uni(rng); });
    add("tiny", [&](int64_t) { return 1e-30f * normal(rng); });
    add("subnormal", [&](int64_t) { return 1e-40f * normal(rng); });
    add("mixed subnormal", [&](int64_t i) { return i % 5 ? 1e-41f * normal(rng) : 1e-20f * normal(rng); });
    add("min normal", [&](int64_t) { return std::numeric_limits<float>::min() * float(int(rng() % 9) - 4); });
    add("sparse", [&](int64_t) { return rng() % 10 == 0 ? normal(rng) : 0.0f; });
    add("near-constant negative", [&](int64_t) { return -5.0f + 1e-6f * normal(rng); });
    add("near-constant per 16", [&](int64_t i) { return float(i / 16 % 5) - 4.0f + 1e-7f * normal(rng); });
    return rows;
}

// A random normal matrix for the property tests (deterministic).
inline std::vector<float> randomRows(int64_t rows, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<float> x(size_t(rows * kRowLength));
    for (auto& v : x) v = normal(rng) * 0.05f;
    return x;
}

inline bool sameBits(const float* a, const float* b, int64_t n, int64_t* firstDiff) {
    if (std::memcmp(a, b, size_t(n) * 4) == 0) return true;
    for (int64_t i = 0; i < n; ++i)
        if (std::memcmp(a + i, b + i, 4) != 0) {
            *firstDiff = i;
            return false;
        }
    return true;
}

} // namespace qs::test
