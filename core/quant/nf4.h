#pragma once
// NF4 (QLoRA / bitsandbytes, formats.md §12): 16 fixed levels in [−1, 1] scaled by the fp32 absmax of
// each block of 64 consecutive weights of a row. 4 + 32/64 = 4.5 bits per weight.
#include <array>
#include <cstdint>

namespace qs {

inline constexpr int64_t kNf4BlockSize = 64;
extern const std::array<float, 16> kNf4Levels;

// The 15 midpoints between neighbouring levels, ascending (the decision thresholds of nf4Code).
std::array<float, 15> nf4Thresholds();

// Code of the nearest level to v (v = x / absmax, in [−1, 1]); decides like bitsandbytes' threshold tree:
// the code is the number of level midpoints that v exceeds.
uint8_t nf4Code(float v);

// One block of n (≤ 64) weights: returns the absmax and writes n codes.
float nf4QuantizeBlock(const float* x, int64_t n, uint8_t* codes);
inline float nf4Decode(uint8_t code, float absmax) { return kNf4Levels[code & 15] * absmax; }

} // namespace qs
