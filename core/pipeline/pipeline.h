#pragma once
// Whole-model quantization, decoder block by decoder block (GPTQ's sequential scheme). For each block the
// linear layers are quantized in the order the data flows — q/k/v, o, gate/up, down — each stage's
// calibration statistics (Σxxᵀ, mean |x|) captured with the stages before it already quantized; with
// `sequential` the block's inputs come from the blocks before it already quantized, otherwise from the
// original model. AWQ searches the q/k/v scales on the attention module's output and the gate/up scales on the
// MLP's output (awq_block.h), which keeps that input's rows for the search, and then drops the clip of a
// v/gate/up layer where that module's output error is lower without it (the choice is joint over the module's
// members; ties keep the clip). Memory: the hidden states of the
// calibration samples (twice, three times while AWQ quantizes a module's inputs) plus one input's Hessian.
// Deterministic for a seed and independent of the thread count; cancellable (nothing is returned then).
#include "core/model/model.h"
#include "core/quant/quantize_layer.h"
#include "core/runtime/calibration.h"
#include "core/runtime/weight_source.h"
#include "core/util/cancel.h"

#include <string>
#include <vector>

namespace qs {

class ThreadPool;

struct PipelineOptions {
    QuantSpec spec;              // method and grid for every selected layer
    MethodOptions methods;
    std::string tensorRegex;     // decoder linears whose name matches (std::regex_search); empty: all of them
    CalibrationOptions calib;    // samples, seqLen, seed
    bool sequential = true;      // false: every block sees the original model's activations
    int64_t samplesPerBatch = 8; // forward batch (fixed, so results never depend on the thread count)
    // Precomputed statistics of the original model (a `calibrate` file): used as they are, no forward passes.
    const CalibrationData* precomputed = nullptr;
};

struct TensorQuant {
    std::string name;            // as stored in the model
    TensorRole role = TensorRole::Other;
    int block = -1;
    QuantResult result;
    double relOutputError = 0;   // ‖X(W − Ŵ)ᵀ‖² / ‖XWᵀ‖² on this layer's calibration inputs (from Σxxᵀ)
    double weightMse = 0;
    double seconds = 0;
};

struct PipelineResult {
    QuantSpec spec;
    std::vector<TensorQuant> tensors; // in processing order
    std::vector<std::string> notes;
    double seconds = 0;
};

// The decoder linears a regex selects, in processing order (block, then q, k, v, o, gate, up, down).
std::vector<const TensorInfo*> selectLinears(const Model& model, const std::string& regex);

// calibIds: the calibration text's ids (BOS first); windows are drawn from them (calibrationStarts).
PipelineResult quantizeModel(const Model& model, const std::vector<int32_t>& calibIds, int32_t bosId,
                             const PipelineOptions& opt, ThreadPool& pool, const ProgressFn& progress = {},
                             const CancelToken* cancel = nullptr);

// Serves the effective (dequantized) weights of a result in place of the originals.
void applyToOverlay(const PipelineResult& result, OverlayWeights& overlay);

} // namespace qs
