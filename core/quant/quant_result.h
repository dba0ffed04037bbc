#pragma once
// What a quantization method makes of one weight matrix: the stored form (integer grid or GGUF blocks)
// and the effective dequantized weight that evaluation uses.
#include "core/quant/quantized_matrix.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qs {

struct QuantResult {
    QuantSpec spec;
    int64_t rows = 0, cols = 0;
    // Effective weight Ŵ [rows, cols]: what the layer computes with. AWQ: Q(W·s)/s, whose 1/s a model folds
    // into the preceding operation.
    std::vector<float> weight;
    std::optional<QuantizedMatrix> matrix; // integer grids: codes, scales, zeros (AWQ: of W·s)
    std::vector<uint8_t> blocks;           // GGUF grids: rows × rowBytes(type, cols) bytes (AWQ: of W·s)
    std::vector<float> inputScales;        // AWQ: s per input channel; empty for the other methods
    std::vector<std::string> notes;        // what the user should know (dead inputs, raised damping, …)
};

} // namespace qs
