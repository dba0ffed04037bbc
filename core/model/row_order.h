#pragma once
// llama.cpp's RoPE row order of q/k weights (formats.md §5.2), shared by model reading and GGUF export.
#include <cstdint>

namespace qs {

// HF row for llama.cpp row g of a q/k tensor: GGUF row (h·d + 2j + a) = HF row (h·d + a·d/2 + j).
inline int64_t hfRowForLlamaCppRow(int64_t g, int64_t headDim) {
    const int64_t h = g / headDim, rem = g % headDim;
    return h * headDim + (rem % 2) * (headDim / 2) + rem / 2;
}

} // namespace qs
