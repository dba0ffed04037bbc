#pragma once
// Bit packing of Hugging Face GPTQ and AWQ checkpoints (formats.md §8.2, §9.2), shared by the writers
// and the reader. A run of codes is a little-endian bitstream over int32 words: code k occupies bits
// bits·k … bits·k + bits − 1. That one rule gives 2/4/8-bit packing (32/bits codes per word) and the
// 3-bit layout where 32 codes straddle three words. AWQ additionally interleaves nibbles within a word.
#include <cstdint>
#include <vector>

namespace qs {

// Codes per run and words per run: 2/4/8 bits → (32/bits, 1); 3 bits → (32, 3).
int gptqCodesPerRun(int bits);
int gptqWordsPerRun(int bits);
bool gptqBitsSupported(int bits); // 2, 3, 4, 8

// Code k of a stream whose word w is words[w · stride].
inline uint32_t streamCode(const int32_t* words, int64_t stride, int64_t k, int bits) {
    const int64_t bit = k * bits, w = bit / 32, s = bit % 32;
    uint64_t v = uint32_t(words[w * stride]);
    if (s + bits > 32) v |= uint64_t(uint32_t(words[(w + 1) * stride])) << 32;
    return uint32_t(v >> s) & ((1u << bits) - 1u);
}
// ORs code k into a zero-initialised stream.
inline void streamPut(int32_t* words, int64_t stride, int64_t k, int bits, uint32_t code) {
    const int64_t bit = k * bits, w = bit / 32, s = bit % 32;
    const uint64_t v = uint64_t(code) << s;
    words[w * stride] = int32_t(uint32_t(words[w * stride]) | uint32_t(v));
    if (s + bits > 32) words[(w + 1) * stride] = int32_t(uint32_t(words[(w + 1) * stride]) | uint32_t(v >> 32));
}

// AWQ GEMM: channel j (0…7) of a word sits at nibble kAwqReverseOrder[j].
inline constexpr int kAwqReverseOrder[8] = {0, 4, 1, 5, 2, 6, 3, 7};
inline uint32_t awqCode(int32_t word, int j) { return (uint32_t(word) >> (4 * kAwqReverseOrder[j])) & 0xFu; }
inline void awqPut(int32_t& word, int j, uint32_t code) { word = int32_t(uint32_t(word) | (code << (4 * kAwqReverseOrder[j]))); }

} // namespace qs
