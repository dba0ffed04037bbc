#include "core/quant/gguf_codes.h"

#include "core/quant/kernels/blocks.h"

#include <vector>

namespace qs {
namespace {

using namespace qs::quant;

void setBits(uint8_t& byte, int shift, int width, int32_t v) {
    const uint8_t mask = uint8_t(((1 << width) - 1) << shift);
    byte = uint8_t((byte & ~mask) | ((uint32_t(v) << shift) & mask));
}

// Legacy 32-element blocks: element j < 16 in the low nibble of qs[j], j ≥ 16 in the high nibble of qs[j − 16];
// Q5 types keep bit 4 of element j in bit j of the little-endian qh word.
void setNibble32(uint8_t* qs, int i, int32_t q) { setBits(qs[i % 16], 4 * (i / 16), 4, q); }
void setQh32(uint8_t* qh, int i, int32_t q) { setBits(qh[i / 8], i % 8, 1, q >> 4); }

template <class B>
void setQ4(uint8_t* b, int i, int32_t q) { setNibble32(reinterpret_cast<B*>(b)->qs, i, q); }
template <class B>
void setQ5(uint8_t* b, int i, int32_t q) {
    auto* x = reinterpret_cast<B*>(b);
    setNibble32(x->qs, i, q);
    setQh32(x->qh, i, q);
}
void setQ8_0(uint8_t* b, int i, int32_t q) { reinterpret_cast<BlockQ8_0*>(b)->qs[i] = int8_t(q - 128); }

// K-quants (formats.md §4.6–4.10): the positions the dequantizers read.
void setQ2K(uint8_t* b, int e, int32_t q) {
    auto* x = reinterpret_cast<BlockQ2_K*>(b);
    setBits(x->qs[32 * (e / 128) + e % 32], 2 * ((e / 32) % 4), 2, q);
}
void setQ3K(uint8_t* b, int e, int32_t q) { // stored L = q in 0..7: low 2 bits in qs, bit 2 in hmask
    auto* x = reinterpret_cast<BlockQ3_K*>(b);
    setBits(x->qs[32 * (e / 128) + e % 32], 2 * ((e / 32) % 4), 2, q);
    setBits(x->hmask[e % 32], e / 32, 1, q >> 2);
}
void setQ4K(uint8_t* b, int e, int32_t q) {
    const int j = e / 32;
    setBits(reinterpret_cast<BlockQ4_K*>(b)->qs[32 * (j / 2) + e % 32], 4 * (j % 2), 4, q);
}
void setQ5K(uint8_t* b, int e, int32_t q) {
    auto* x = reinterpret_cast<BlockQ5_K*>(b);
    const int j = e / 32;
    setBits(x->qs[32 * (j / 2) + e % 32], 4 * (j % 2), 4, q);
    setBits(x->qh[e % 32], j, 1, q >> 4);
}
void setQ6K(uint8_t* b, int e, int32_t q) {
    auto* x = reinterpret_cast<BlockQ6_K*>(b);
    const int h = e / 128, part = (e % 128) / 32, l = e % 32;
    setBits(x->ql[64 * h + l + 32 * (part & 1)], part < 2 ? 0 : 4, 4, q);
    setBits(x->qh[32 * h + l], 2 * part, 2, q >> 4);
}

} // namespace

const BlockCodes* blockCodes(DType type) {
    static const BlockCodes q4_0{15, setQ4<BlockQ4_0>}, q4_1{15, setQ4<BlockQ4_1>}, q5_0{31, setQ5<BlockQ5_0>},
        q5_1{31, setQ5<BlockQ5_1>}, q8_0{255, setQ8_0}, q2k{3, setQ2K}, q3k{7, setQ3K}, q4k{15, setQ4K}, q5k{31, setQ5K},
        q6k{63, setQ6K};
    switch (type) {
    case DType::Q4_0: return &q4_0;
    case DType::Q4_1: return &q4_1;
    case DType::Q5_0: return &q5_0;
    case DType::Q5_1: return &q5_1;
    case DType::Q8_0: return &q8_0;
    case DType::Q2_K: return &q2k;
    case DType::Q3_K: return &q3k;
    case DType::Q4_K: return &q4k;
    case DType::Q5_K: return &q5k;
    case DType::Q6_K: return &q6k;
    default: return nullptr;
    }
}

void blockAffineGrid(DType type, uint8_t* block, float* offset, float* step) {
    const BlockCodes& bc = *blockCodes(type);
    const TypeTraits& tr = traits(type);
    const int n = int(tr.blockSize);
    std::vector<float> top(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) bc.set(block, i, 0);
    tr.toFloat(block, offset, n);
    for (int i = 0; i < n; ++i) bc.set(block, i, bc.maxCode);
    tr.toFloat(block, top.data(), n);
    for (int i = 0; i < n; ++i) step[i] = (top[size_t(i)] - offset[i]) / float(bc.maxCode);
}

} // namespace qs
