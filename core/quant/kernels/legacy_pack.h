#pragma once
// Code packing of the legacy 32-element types (formats.md §4.3), shared by the plain and weighted quantizers.
#include <cstdint>

namespace qs::quant {

// Q4 types: code j (0…15) in the low nibble of qs[j], code j + 16 in the high nibble.
void packQ4(const uint8_t* q, uint8_t* qs);
// Q5 types: low nibbles as Q4, bit 4 of code j in bit j of the little-endian qh word.
void packQ5(const uint8_t* q, uint8_t* qs, uint8_t* qh);

} // namespace qs::quant
