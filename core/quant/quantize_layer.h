#pragma once
// One entry point for every method on one weight matrix: RTN, GPTQ, AWQ (this layer alone) and HQQ, onto
// integer grids or GGUF block types as the spec says (spec.method picks the method).
#include "core/quant/awq.h"
#include "core/quant/gptq.h"
#include "core/quant/hqq.h"

#include <vector>

namespace qs {

// What a calibrated method knows of the layer's input (runtime InputStats carry the same).
struct LayerCalibration {
    std::vector<double> hessian; // Σ xxᵀ [cols, cols]
    std::vector<double> meanAbs; // E|x| per channel
    int64_t tokens = 0;
};

struct MethodOptions {
    GptqOptions gptq;
    AwqOptions awq;
    HqqOptions hqq;
};

// Throws qs::Error when the method needs calibration and none is given, or the spec does not fit.
QuantResult quantizeLayer(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, const LayerCalibration* calib,
                          const MethodOptions& opt = {}, ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

// Round-to-nearest into a QuantResult: integer/NF4 grids via quantizeRtn, GGUF types via their reference quantizer.
// importance (GGUF types only; one per input column, an imatrix entry / ncall): llama.cpp's weighted quantizer
// where the type has one (types that ignore importances, such as Q8_0, quantize as without).
QuantResult quantizeRtnResult(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, ThreadPool* pool = nullptr,
                              const CancelToken* cancel = nullptr, const float* importance = nullptr);

} // namespace qs
