#pragma once
// Calibration capture: activation statistics of every distinct linear input (q/k/v share one, gate/up
// share one), gathered over seeded windows of a calibration text (issue-notes "Calibration sampling").
// The GPTQ/AWQ methods consume these; they save to .safetensors and load back unchanged.
#include "core/model/model.h"
#include "core/runtime/forward.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qs {

struct CalibrationOptions {
    int64_t samples = 128;
    int64_t seqLen = 512;
    uint64_t seed = 0;
    bool hessian = true;          // Σxxᵀ costs channels² doubles per input
    int64_t samplesPerBatch = 4;  // fixed, so results never depend on the thread count
};

struct InputStats {
    std::string name;             // "blk.3.attn_qkv", "blk.3.mlp_down", ...
    int64_t channels = 0;
    int64_t tokens = 0;           // rows observed
    std::vector<double> meanAbs;  // E|x| per channel
    std::vector<float> absMax;    // max |x| per channel
    std::vector<double> meanSq;   // E[x²] per channel
    std::vector<double> hessian;  // Σ x xᵀ over all rows, [channels, channels]; empty when not captured
};

// Running sums for one input; every update splits work by fixed column ranges / tiles, so the sums never
// depend on the thread count.
struct InputAccumulator {
    InputStats stats;
    std::vector<double> sumAbs, sumSq;
    std::vector<double> xd; // the batch in float64, reused

    void add(ThreadPool& pool, const float* x, int64_t rows, int64_t cols, bool hessian);
    InputStats finish();
};

struct CalibrationData {
    int64_t samples = 0, seqLen = 0;
    uint64_t seed = 0;
    std::vector<InputStats> inputs;
    const InputStats* find(const std::string& name) const;
};

// The input a weight reads: "blk.N.attn_qkv" for q/k/v, "blk.N.attn_o", "blk.N.mlp_gate_up" for
// gate/up, "blk.N.mlp_down". Empty for everything else: the output head is not calibrated (as in
// llama-imatrix and the GPTQ tools), and norms/embeddings have no linear input.
std::string calibrationInputName(TensorRole role, int block);

// Window starts in [0, nTokens − seqLen], reproducible from the seed (std::mt19937_64).
std::vector<int64_t> calibrationStarts(int64_t nTokens, const CalibrationOptions& opt);

// The windows' ids, [samples · seqLen], each window's first id replaced by BOS.
std::vector<int32_t> calibrationTokens(const std::vector<int32_t>& ids, int32_t bosId, const CalibrationOptions& opt);

CalibrationData captureCalibration(Forward& model, const std::vector<int32_t>& ids, int32_t bosId,
                                   const CalibrationOptions& opt, const ProgressFn& progress = {},
                                   const CancelToken* cancel = nullptr);
// The same over given window starts (opt.samples and opt.seed are ignored): e.g. llama-imatrix's consecutive chunks.
CalibrationData captureWindows(Forward& model, const std::vector<int32_t>& ids, int32_t bosId, const std::vector<int64_t>& starts,
                               const CalibrationOptions& opt, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

void saveCalibration(const CalibrationData& data, const std::string& path);
CalibrationData loadCalibration(const std::string& path); // throws qs::Error for anything else

} // namespace qs
