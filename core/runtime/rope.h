#pragma once
// Rotate-half RoPE (Hugging Face / NeoX layout): element j pairs with j + head_dim/2.
#include "core/model/hyperparams.h"

#include <cstdint>
#include <vector>

namespace qs {

class Rope {
public:
    // Throws qs::Error for scaling types the runtime does not implement.
    Rope(const HyperParams& hp, int64_t maxPositions);
    const std::vector<float>& invFreq() const { return invFreq_; }
    // Rotates `heads` heads of rows [row0, row0 + rows) of x in place; row r is at position r % seqLen.
    void apply(float* x, int64_t row0, int64_t rows, int64_t seqLen, int64_t heads, int64_t rowStride) const;

private:
    int64_t headDim_;
    int64_t maxPositions_;
    std::vector<float> invFreq_;
    std::vector<float> cos_, sin_; // [maxPositions, headDim], already duplicated over both halves
};

} // namespace qs
