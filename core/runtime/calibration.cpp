#include "core/runtime/calibration.h"

#include "core/runtime/linear.h"
#include "core/util/error.h"

#include <algorithm>
#include <cblas.h>
#include <cmath>
#include <map>
#include <random>

namespace qs {

void InputAccumulator::add(ThreadPool& pool, const float* x, int64_t rows, int64_t cols, bool hessian) {
    if (stats.channels == 0) {
        stats.channels = cols;
        sumAbs.assign(size_t(cols), 0.0);
        sumSq.assign(size_t(cols), 0.0);
        stats.absMax.assign(size_t(cols), 0.0f);
        if (hessian) stats.hessian.assign(size_t(cols * cols), 0.0);
    }
    if (cols != stats.channels) throw Error("", "calibration input " + stats.name + " changed width");
    stats.tokens += rows;
    forEachTile(pool, 1, cols, [&](int64_t, int64_t, int64_t c0, int64_t n) {
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = c0; c < c0 + n; ++c) {
                const float v = x[r * cols + c];
                sumAbs[size_t(c)] += std::fabs(double(v));
                sumSq[size_t(c)] += double(v) * double(v);
                stats.absMax[size_t(c)] = std::max(stats.absMax[size_t(c)], std::fabs(v));
            }
    });
    if (!hessian) return;
    xd.assign(x, x + rows * cols);
    forEachTile(pool, cols, cols, [&](int64_t i0, int64_t ni, int64_t j0, int64_t nj) {
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(ni), int(nj), int(rows), 1.0, xd.data() + i0, int(cols),
                    xd.data() + j0, int(cols), 1.0, stats.hessian.data() + i0 * cols + j0, int(cols));
    });
}

InputStats InputAccumulator::finish() {
    const double n = double(std::max<int64_t>(1, stats.tokens));
    stats.meanAbs.resize(sumAbs.size());
    stats.meanSq.resize(sumSq.size());
    for (size_t c = 0; c < sumAbs.size(); ++c) {
        stats.meanAbs[c] = sumAbs[c] / n;
        stats.meanSq[c] = sumSq[c] / n;
    }
    return std::move(stats);
}

const InputStats* CalibrationData::find(const std::string& name) const {
    for (auto& s : inputs)
        if (s.name == name) return &s;
    return nullptr;
}

std::string calibrationInputName(TensorRole role, int block) {
    const std::string blk = "blk." + std::to_string(block) + ".";
    switch (role) {
    case TensorRole::AttnQ: case TensorRole::AttnK: case TensorRole::AttnV: return blk + "attn_qkv";
    case TensorRole::AttnO: return blk + "attn_o";
    case TensorRole::MlpGate: case TensorRole::MlpUp: return blk + "mlp_gate_up";
    case TensorRole::MlpDown: return blk + "mlp_down";
    default: return "";
    }
}

std::vector<int64_t> calibrationStarts(int64_t nTokens, const CalibrationOptions& opt) {
    if (opt.seqLen < 2) throw Error("", "calibration sequence length must be at least 2");
    if (opt.samples < 1) throw Error("", "need at least one calibration sample");
    if (nTokens < opt.seqLen)
        throw Error("", "the calibration text has " + std::to_string(nTokens) + " tokens, fewer than one sample of " +
                            std::to_string(opt.seqLen));
    std::mt19937_64 rng(opt.seed);
    const uint64_t span = uint64_t(nTokens - opt.seqLen + 1);
    std::vector<int64_t> starts;
    for (int64_t i = 0; i < opt.samples; ++i) starts.push_back(int64_t(rng() % span)); // portable, unlike <random>'s distributions
    return starts;
}

std::vector<int32_t> calibrationTokens(const std::vector<int32_t>& ids, int32_t bosId, const CalibrationOptions& opt) {
    std::vector<int32_t> tokens;
    for (int64_t start : calibrationStarts(int64_t(ids.size()), opt)) {
        tokens.insert(tokens.end(), ids.begin() + start, ids.begin() + start + opt.seqLen);
        tokens[tokens.size() - size_t(opt.seqLen)] = bosId; // a window starts with BOS (issue-notes, calibration)
    }
    return tokens;
}

CalibrationData captureCalibration(Forward& model, const std::vector<int32_t>& ids, int32_t bosId,
                                   const CalibrationOptions& opt, const ProgressFn& progress, const CancelToken* cancel) {
    CalibrationData data = captureWindows(model, ids, bosId, calibrationStarts(int64_t(ids.size()), opt), opt, progress, cancel);
    data.seed = opt.seed;
    return data;
}

CalibrationData captureWindows(Forward& model, const std::vector<int32_t>& ids, int32_t bosId, const std::vector<int64_t>& starts,
                               const CalibrationOptions& opt, const ProgressFn& progress, const CancelToken* cancel) {
    const int64_t samples = int64_t(starts.size());
    std::map<std::string, InputAccumulator> acc;
    std::vector<std::string> order;
    model.setObserver([&](TensorRole consumer, int block, const float* x, int64_t rows, int64_t cols) {
        const std::string name = calibrationInputName(consumer, block);
        if (name.empty()) return; // the output head: not calibrated, as in llama-imatrix and GPTQ tools
        auto [it, inserted] = acc.try_emplace(name);
        if (inserted) {
            it->second.stats.name = name;
            order.push_back(name);
        }
        it->second.add(model.pool(), x, rows, cols, opt.hessian);
    });
    const int64_t perBatch = std::max<int64_t>(1, opt.samplesPerBatch), L = opt.seqLen;
    std::vector<float> logits;
    try {
        for (int64_t s0 = 0; s0 < samples; s0 += perBatch) {
            if (cancel) cancel->check();
            const int64_t n = std::min(perBatch, samples - s0);
            std::vector<int32_t> batch;
            for (int64_t s = s0; s < s0 + n; ++s) {
                batch.insert(batch.end(), ids.begin() + starts[size_t(s)], ids.begin() + starts[size_t(s)] + L);
                batch[size_t((s - s0) * L)] = bosId;
            }
            logits.resize(size_t(n * model.vocabSize()));
            model.run(batch.data(), n, L, L - 1, logits.data(), cancel); // only the last position's logits
            if (progress)
                progress(double(s0 + n) / double(samples), "sample " + std::to_string(s0 + n) + "/" + std::to_string(samples));
        }
    } catch (...) {
        model.setObserver({});
        throw;
    }
    model.setObserver({});
    CalibrationData data;
    data.samples = samples;
    data.seqLen = L;
    for (auto& name : order) data.inputs.push_back(acc[name].finish());
    return data;
}

} // namespace qs
