#pragma once
// Measures each quantizable tensor's sensitivity: for every candidate GGUF type, the mean KLD increase over
// evaluation chunks when only that tensor is quantized (RTN through llama.cpp's quantizers, weighted by an
// imatrix when given), and the relative output error on calibration activations (from Σxxᵀ; token_embd is a
// lookup and gets the KLD only).
//
// Speed: the original model's logits are computed once; the decoder is walked block by block and a tensor's
// candidates restart the forward pass at the hidden states entering its block, served the quantized matrix
// through an overlay. Memory: the evaluation chunks' hidden states and original logits, the calibration
// samples' hidden states and one block's Hessians — independent of the number of tensors and candidates.
// Results already in the measurement are not measured again.
#include "core/plan/measurement.h"
#include "core/quant/spec.h"
#include "core/runtime/calibration.h"
#include "core/util/cancel.h"

#include <functional>
#include <vector>

namespace qs {

class ThreadPool;

struct SensitivityOptions {
    std::vector<DType> candidates;
    // RTN (llama.cpp's quantizer, imatrix-weighted when given), or GPTQ / AWQ of each matrix alone onto the
    // candidate's block grid (core/quant/gptq_grid.h, awq.h) with its input statistics from the calibration.
    // token_embd is a lookup without input activations: it is always RTN.
    QuantMethod method = QuantMethod::RTN;
    const std::vector<std::vector<float>>* importance = nullptr; // per model tensor (imatrixWeights); may be null
    int64_t ctx = 256;           // evaluation chunks of the text, as llama-perplexity cuts them
    int64_t chunks = 8;          // 0: every full chunk
    int64_t chunksPerBatch = 4;
    // Calibration: windows of the calibration ids (issue-notes "Calibration sampling"), or precomputed statistics.
    CalibrationOptions calib;
    const CalibrationData* precomputed = nullptr; // a `calibrate` output with Hessians (no output-head statistics)
};

struct SensitivityInput {
    std::vector<int32_t> evalIds, calibIds; // BOS first; calibIds unused with precomputed statistics
    int32_t bosId = 1;
};

// Candidates that do not fit a tensor's rows (cols % block size) are skipped for it. Calls `saved` after each
// tensor's new results (to write the file). Returns the number of (tensor, candidate) pairs measured.
int64_t measureSensitivity(const Model& model, Measurement& m, const SensitivityInput& input, const SensitivityOptions& opt,
                           ThreadPool& pool, const std::function<void()>& saved = {}, const ProgressFn& progress = {},
                           const CancelToken* cancel = nullptr);

// Throws qs::Error naming `subject` when `method` cannot produce a candidate (GPTQ/AWQ need a block type with
// per-element codes; they do not take importance weights, so an imatrix is refused with them; only RTN, GPTQ
// and AWQ are measured).
void checkSensitivityMethod(QuantMethod method, const std::vector<DType>& candidates, bool withImatrix, const std::string& subject);

// What the numbers depend on, stored in the measurement file: the method, the digests of the imatrix ("" for
// none), evaluation ids and calibration input, and the chunking and windows.
nlohmann::json sensitivitySettings(const SensitivityInput& input, const SensitivityOptions& opt, const std::string& imatrixDigest,
                                   const std::string& calibDigest);
// SHA-256 of token ids, for the settings.
std::string idsDigest(const std::vector<int32_t>& ids);

// The measurement-file flow: loads `file` when it exists (refusing one made for another model or other
// settings), measures what is missing and saves after every tensor; with file "" nothing is read or written.
// `measured` receives the number of new (tensor, candidate) results.
Measurement measureCached(const Model& model, const std::string& file, const SensitivityInput& input,
                          const SensitivityOptions& opt, const nlohmann::json& settings, ThreadPool& pool, int64_t* measured = nullptr,
                          const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

} // namespace qs
