#pragma once
// The single-layer lab: one linear layer with its calibration rows (a safetensors file holding `weight`
// [out, in] and `calib` [n, in], F32), one method, and the errors and time it takes.
#include "core/quant/metrics.h"
#include "core/quant/quantize_layer.h"

#include <string>

namespace qs {

struct LayerFile {
    int64_t rows = 0, cols = 0, calibRows = 0;
    std::vector<float> weight; // [rows, cols]
    std::vector<float> calib;  // [calibRows, cols]
};

// Throws qs::Error when a tensor is missing, not F32, not 2-D, or the widths differ.
LayerFile loadLayerFile(const std::string& path);

struct LayerLabResult {
    QuantResult result;
    ErrorMetrics metrics;   // relOutputError on the calibration rows, weight MSE, …
    double secondsWall = 0; // Hessian / activation statistics plus the method (as the references time it)
    double secondsCpu = 0;  // process CPU time over the same span, every thread summed
};

LayerLabResult runLayerLab(const LayerFile& layer, const QuantSpec& spec, const MethodOptions& opt = {},
                           ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

// Process CPU seconds (all threads).
double processCpuSeconds();

} // namespace qs
