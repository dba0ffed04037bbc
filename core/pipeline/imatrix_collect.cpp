#include "core/pipeline/imatrix_collect.h"

#include "core/export/gguf_names.h"
#include "core/plan/llama_mixture.h"
#include "core/util/error.h"

#include <algorithm>

namespace qs {

int32_t imatrixCallsPerSequence(int64_t n, int64_t ubatch) {
    const int64_t u = std::max<int64_t>(1, std::min(ubatch, n));
    const int64_t full = n / u, tail = n % u;
    return int32_t(full + (tail >= 16 ? 1 : 0));
}

Imatrix imatrixFromCalibration(const Model& model, const CalibrationData& data, const std::string& dataset,
                               const std::string& subject, int64_t ubatch) {
    const int32_t ncall = int32_t(data.samples) * imatrixCallsPerSequence(data.seqLen, ubatch);
    Imatrix m;
    m.chunkCount = ncall;
    m.dataset = dataset;
    for (const TensorInfo& t : model.tensors()) {
        if (!isDecoderLinear(t)) continue;
        const std::string input = calibrationInputName(t.role, t.block);
        const InputStats* s = data.find(input);
        if (!s) throw Error(subject, "no statistics for input '" + input + "' (read by " + t.name + ")");
        if (s->channels != t.cols() || int64_t(s->meanSq.size()) != t.cols())
            throw Error(subject, "input '" + input + "' has " + std::to_string(s->channels) + " channels, but " + t.name +
                                     " has " + std::to_string(t.cols()) + " input columns");
        ImatrixEntry e;
        e.ncall = ncall;
        e.values.resize(s->meanSq.size());
        for (size_t j = 0; j < e.values.size(); ++j) e.values[j] = float(s->meanSq[j] * double(ncall));
        m.entries[ggufTensorName(t)] = std::move(e);
    }
    if (m.entries.empty()) throw Error(subject, "the model has no decoder matrices");
    return m;
}

Imatrix collectImatrix(const Model& model, Forward& forward, const std::vector<int32_t>& ids, int32_t bosId,
                       const ImatrixOptions& opt, const ProgressFn& progress, const CancelToken* cancel) {
    if (opt.ctx < 16) throw Error("--ctx", "the context must be at least 16 tokens (llama-imatrix skips shorter batches)");
    int64_t chunks = int64_t(ids.size()) / opt.ctx;
    if (opt.maxChunks > 0) chunks = std::min(chunks, opt.maxChunks);
    if (chunks < 1)
        throw Error("", "the text has " + std::to_string(ids.size()) + " tokens, fewer than one chunk of " + std::to_string(opt.ctx));
    std::vector<int64_t> starts;
    for (int64_t c = 0; c < chunks; ++c) starts.push_back(c * opt.ctx);
    CalibrationOptions co;
    co.seqLen = opt.ctx;
    co.hessian = false;
    const CalibrationData data = captureWindows(forward, ids, bosId, starts, co, progress, cancel);
    return imatrixFromCalibration(model, data, opt.dataset, model.path(), opt.ubatch);
}

} // namespace qs
