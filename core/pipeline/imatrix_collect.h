#pragma once
// Importance matrices (llama.cpp's imatrix.dat, formats.md §11) from Quantscope's own forward pass, with
// llama-imatrix's tensor names and counting rules: one entry per decoder matrix (q/k/v share their input
// but get an entry each; the output head is left out, as llama-imatrix does by default), values = the mean
// of x² per input column times ncall, ncall = the micro-batches seen.
#include "core/formats/imatrix.h"
#include "core/model/model.h"
#include "core/runtime/calibration.h"
#include "core/runtime/forward.h"

#include <string>
#include <vector>

namespace qs {

struct ImatrixOptions {
    int64_t ctx = 256;      // llama-imatrix -c
    int64_t maxChunks = 0;  // --chunks; 0: every full chunk
    int64_t ubatch = 512;   // llama.cpp's n_ubatch: a chunk longer than this counts one call per micro-batch
    std::string dataset;    // the trailer's dataset name (llama-imatrix writes its -f argument)
};

// llama-imatrix over a text's ids (BOS first): floor(n / ctx) consecutive chunks, the first token of each
// replaced by BOS. Throws qs::Error when the text does not fill one chunk.
Imatrix collectImatrix(const Model& model, Forward& forward, const std::vector<int32_t>& ids, int32_t bosId,
                       const ImatrixOptions& opt, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

// From calibration statistics (a `calibrate` output or a capture): E[x²] · ncall with ncall = samples ×
// micro-batches per sample. Throws qs::Error (naming `subject`) when an input of a decoder matrix is missing
// or has the wrong width.
Imatrix imatrixFromCalibration(const Model& model, const CalibrationData& data, const std::string& dataset,
                               const std::string& subject, int64_t ubatch = 512);

// Micro-batches llama.cpp evaluates for a sequence of n tokens (those of fewer than 16 tokens are not collected).
int32_t imatrixCallsPerSequence(int64_t n, int64_t ubatch);

} // namespace qs
