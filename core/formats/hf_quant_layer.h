#pragma once
// One quantized linear layer of a Hugging Face GPTQ or AWQ (GEMM) checkpoint as its stored tensors
// (formats.md §8, §9): built from a QuantizedMatrix by the writers, read back from safetensors by the
// loader, and decoded to float rows with the same arithmetic as QuantizedMatrix, so a round trip is exact.
#include "core/quant/quantized_matrix.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qs {

enum class HfQuantFormat { Gptq, Awq };

struct HfQuantLayer {
    HfQuantFormat format = HfQuantFormat::Gptq;
    int bits = 4;
    int64_t out = 0, in = 0;      // the PyTorch weight is [out, in]
    int64_t groupSize = 128;      // input channels per group; −1 one group per row (GPTQ per channel)
    bool zeroOffset = true;       // GPTQ checkpoint_format "gptq" (v1): stored zero = true zero − 1
    std::vector<int32_t> qweight; // GPTQ [in·bits/32, out]; AWQ [in, out/8] (interleaved nibbles)
    std::vector<int32_t> qzeros;  // GPTQ [G, out·bits/32]; AWQ [G, out/8]
    std::vector<uint16_t> scales; // fp16 [G, out]
    std::vector<int32_t> gIdx;    // GPTQ [in]: group of every input channel (act-order aware); empty for AWQ

    int64_t groups() const;
    int64_t qweightRows() const;
    int64_t qzerosCols() const;
    uint64_t bytes() const; // stored bytes of all tensors
    std::string label() const; // "gptq 4-bit g128", for tables
    // Dequantized rows [row0, row0 + n) of the [out, in] weight.
    void decodeRows(int64_t row0, int64_t n, float* dst) const;
    // Throws qs::Error(subject, ...) when shapes or values are inconsistent (a reader's check).
    void validate(const std::string& subject) const;
};

// Throws qs::Error naming `tensor` when the matrix does not fit the format (bits, group, shape, scales
// not fp16, a zero that the v1 offset cannot store).
HfQuantLayer encodeGptq(const QuantizedMatrix& q, bool zeroOffset, const std::string& tensor);
HfQuantLayer encodeAwq(const QuantizedMatrix& q, const std::string& tensor);

// Whether every zero point is ≥ 1, so GPTQ's v1 layout (zero − 1) can store it (issue-notes §6).
bool gptqV1Compatible(const QuantizedMatrix& q);

} // namespace qs
