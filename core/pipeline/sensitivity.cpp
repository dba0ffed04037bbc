#include "core/pipeline/sensitivity.h"

#include "core/pipeline/block_stream.h"
#include "core/quant/finite.h"
#include "core/quant/gguf_codes.h"
#include "core/quant/kernels/dispatch.h"
#include "core/quant/hessian.h"
#include "core/quant/quantize_layer.h"
#include "core/runtime/eval_chunks.h"
#include "core/runtime/log_prob.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "core/util/thread_pool.h"

#include <filesystem>

#include <cmath>
#include <memory>

namespace qs {
namespace {

// The input a decoder matrix reads (q/k/v share AttnQ's, gate/up MlpGate's).
TensorRole consumerOf(TensorRole role) {
    switch (role) {
    case TensorRole::AttnK: case TensorRole::AttnV: return TensorRole::AttnQ;
    case TensorRole::MlpUp: return TensorRole::MlpGate;
    default: return role;
    }
}

bool isDecoderRole(TensorRole r) {
    switch (r) {
    case TensorRole::AttnQ: case TensorRole::AttnK: case TensorRole::AttnV: case TensorRole::AttnO:
    case TensorRole::MlpGate: case TensorRole::MlpUp: case TensorRole::MlpDown: return true;
    default: return false;
    }
}

// The original model's logits at the scored positions, and mean KL(original ‖ candidate) against them.
class KldMeter {
public:
    KldMeter(ThreadPool& pool, int64_t vocab, int64_t sequences, int64_t scored)
        : pool_(pool), V_(vocab), S_(scored), logits_(size_t(sequences * scored * vocab)), norms_(size_t(sequences * scored)),
          klds_(size_t(sequences * scored)) {}

    // logits: [n, scored + 1, vocab] (the last row of each sequence predicts nothing).
    void setBase(int64_t seq0, int64_t n, const std::vector<float>& logits) {
        pool_.parallelFor(n * S_, [&](int64_t p) {
            const size_t at = size_t(seq0 * S_ + p);
            std::copy_n(row(logits, p), V_, logits_.begin() + int64_t(at) * V_);
            norms_[at] = logNormalizer(row(logits, p), V_);
        });
    }
    void add(int64_t seq0, int64_t n, const std::vector<float>& logits) {
        pool_.parallelFor(n * S_, [&](int64_t p) {
            const size_t at = size_t(seq0 * S_ + p);
            const float* zb = logits_.data() + int64_t(at) * V_;
            const float* zc = row(logits, p);
            const LogNormalizer nb = norms_[at], nc = logNormalizer(zc, V_);
            double k = 0;
            for (int64_t i = 0; i < V_; ++i) {
                const double lb = nb.logProb(zb[i]);
                k += std::exp(lb) * (lb - nc.logProb(zc[i]));
            }
            klds_[at] = k;
        });
    }
    double mean() const { // in position order: independent of the thread count
        double s = 0;
        for (double k : klds_) s += k;
        return s / double(klds_.size());
    }

private:
    const float* row(const std::vector<float>& logits, int64_t p) const { return logits.data() + ((p / S_) * (S_ + 1) + p % S_) * V_; }
    ThreadPool& pool_;
    int64_t V_, S_;
    std::vector<float> logits_;
    std::vector<LogNormalizer> norms_;
    std::vector<double> klds_;
};

struct Work {
    size_t tensor;               // index into model.tensors()
    TensorMeasurement* entry;
    std::vector<DType> todo;
};

} // namespace

int64_t measureSensitivity(const Model& model, Measurement& m, const SensitivityInput& input, const SensitivityOptions& opt,
                           ThreadPool& pool, const std::function<void()>& saved, const ProgressFn& progress,
                           const CancelToken* cancel) {
    checkSensitivityMethod(opt.method, opt.candidates, opt.importance != nullptr, "sensitivity");
    std::vector<Work> work;
    int64_t total = 0;
    for (size_t i = 0; i < model.tensors().size(); ++i) {
        const TensorInfo& t = model.tensors()[i];
        TensorMeasurement* e = m.find(t.name);
        if (!e || !(t.role == TensorRole::Embedding || t.role == TensorRole::Output || isDecoderRole(t.role))) continue;
        Work w{i, e, {}};
        for (DType c : opt.candidates)
            if (t.cols() % traits(c).blockSize == 0 && !e->results.count(c)) w.todo.push_back(c);
        total += int64_t(w.todo.size());
        if (!w.todo.empty()) work.push_back(std::move(w));
    }
    if (total == 0) return 0;
    if (opt.method != QuantMethod::RTN && opt.precomputed)
        for (const Work& w : work)
            if (model.tensors()[w.tensor].role == TensorRole::Output)
                throw Error("calibration", std::string(methodName(opt.method)) + " needs the output head's input statistics, which a "
                                           "`calibrate` output does not hold: calibrate on a text (--calib FILE.txt) or use --method rtn");

    const HyperParams& hp = model.hparams();
    ModelWeights base(model);
    OverlayWeights overlay(base);
    Forward original(base, pool), candidate(overlay, pool);
    EvalOptions eo;
    eo.ctx = opt.ctx;
    eo.maxChunks = opt.chunks;
    eo.chunksPerBatch = opt.chunksPerBatch;
    const ChunkPlan plan(input.evalIds, eo, input.bosId);
    std::vector<int32_t> evalTokens;
    for (int64_t b = 0; b < plan.batches(); ++b) {
        const auto in = plan.batchInput(b);
        evalTokens.insert(evalTokens.end(), in.begin(), in.end());
    }
    const int64_t from = plan.firstScored();
    BlockStream eval(original, std::move(evalTokens), plan.chunks(), plan.ctx(), opt.chunksPerBatch);
    KldMeter meter(pool, original.vocabSize(), plan.chunks(), plan.scoredPerChunk());
    if (progress) progress(0.0, "original logits");
    eval.finish(original, 0, from, [&](int64_t s0, int64_t n, const std::vector<float>& z) { meter.setBase(s0, n, z); }, cancel);
    std::optional<BlockStream> calib;
    if (!opt.precomputed)
        calib.emplace(original, calibrationTokens(input.calibIds, input.bosId, opt.calib), opt.calib.samples, opt.calib.seqLen,
                      opt.chunksPerBatch);

    int64_t done = 0;
    // Quantizes one tensor to each of its candidates and measures them; `first` is the block the forward pass
    // restarts at (-1: from the tokens, for the embedding).
    auto measure = [&](Work& w, int first, const InputStats* stats) {
        const std::vector<double>* hessian = stats && !stats->hessian.empty() ? &stats->hessian : nullptr;
        const TensorInfo& t = model.tensors()[w.tensor];
        const int64_t rows = t.rows(), cols = t.cols();
        const std::vector<float> W = model.readAll(t);
        requireFinite(W.data(), rows, cols, t.name);
        const float* qw = opt.importance && !(*opt.importance)[w.tensor].empty() ? (*opt.importance)[w.tensor].data() : nullptr;
        std::vector<WeightKey> keys = {{t.role, t.block, false}};
        if (t.role == TensorRole::Embedding && !model.find(TensorRole::Output)) keys.push_back({TensorRole::Output, -1, false}); // tied
        for (DType c : w.todo) {
            if (cancel) cancel->check();
            if (progress)
                progress(double(done) / double(total), t.name + " " + std::string(typeName(c)));
            QuantResult q;
            if (opt.method == QuantMethod::RTN || t.role == TensorRole::Embedding) {
                q = quantizeRtnResult(W.data(), rows, cols, QuantSpec::gguf(c), &pool, cancel, qw);
            } else {
                if (!hessian) throw Error(t.name, std::string(methodName(opt.method)) + " needs the input statistics of this matrix (none captured)");
                QuantSpec spec = QuantSpec::gguf(c);
                spec.method = opt.method;
                LayerCalibration lc{*hessian, stats->meanAbs, stats->tokens};
                q = quantizeLayer(W.data(), rows, cols, spec, &lc, {}, &pool, cancel);
            }
            CandidateMeasurement r;
            r.bytes = uint64_t(rows * rowBytes(traits(c), cols));
            if (hessian) r.relOutputError = relativeOutputError(W.data(), q.weight.data(), rows, cols, *hessian, &pool);
            auto mat = std::make_shared<FloatMatrix>(FloatMatrix{rows, cols, std::move(q.weight)});
            for (auto& k : keys) overlay.replace(k, mat);
            const auto add = [&](int64_t s0, int64_t n, const std::vector<float>& z) { meter.add(s0, n, z); };
            if (first < 0) eval.finishFromTokens(candidate, from, add, cancel);
            else eval.finish(candidate, first, from, add, cancel);
            for (auto& k : keys) overlay.restore(k);
            r.kld = meter.mean();
            w.entry->results[c] = r;
            ++done;
            ++m.evaluations;
        }
        if (saved) saved();
    };
    auto statsFor = [&](TensorRole consumer, int l) -> InputStats {
        if (!opt.precomputed) return calib->capture(original, l, consumer, cancel);
        const std::string name = calibrationInputName(consumer, l);
        const InputStats* s = opt.precomputed->find(name);
        if (!s || s->hessian.empty()) throw Error("calibration", "no Hessian for input '" + name + "'");
        return *s;
    };
    auto pending = [&](auto pred) {
        for (auto& w : work)
            if (pred(model.tensors()[w.tensor])) return true;
        return false;
    };

    for (auto& w : work)
        if (model.tensors()[w.tensor].role == TensorRole::Embedding) measure(w, -1, nullptr);
    for (int l = 0; l < int(hp.numLayers); ++l) {
        std::map<TensorRole, InputStats> stats;
        for (auto& w : work) {
            const TensorInfo& t = model.tensors()[w.tensor];
            if (t.block != l || !isDecoderRole(t.role)) continue;
            const TensorRole in = consumerOf(t.role);
            if (!stats.count(in)) stats[in] = statsFor(in, l);
            measure(w, l, &stats[in]);
        }
        if (!pending([&](const TensorInfo& t) { return t.block > l || t.role == TensorRole::Output; })) break;
        eval.advance(l, cancel);
        if (calib) calib->advance(l, cancel);
    }
    for (auto& w : work) {
        if (model.tensors()[w.tensor].role != TensorRole::Output) continue;
        std::optional<InputStats> head; // the final norm's output, as the head sees it
        if (calib) {
            InputAccumulator acc;
            original.setObserver([&](TensorRole c, int, const float* x, int64_t rows, int64_t cols) {
                if (c == TensorRole::Output) acc.add(pool, x, rows, cols, true);
            });
            try {
                calib->finish(original, int(hp.numLayers), 0, [](int64_t, int64_t, const std::vector<float>&) {}, cancel);
            } catch (...) {
                original.setObserver({});
                throw;
            }
            original.setObserver({});
            head = acc.finish();
        }
        measure(w, int(hp.numLayers), head ? &*head : nullptr);
    }
    if (progress) progress(1.0, "done");
    return done;
}

void checkSensitivityMethod(QuantMethod method, const std::vector<DType>& candidates, bool withImatrix, const std::string& subject) {
    if (method == QuantMethod::RTN) return;
    const std::string name(methodName(method));
    if (method != QuantMethod::GPTQ && method != QuantMethod::AWQ)
        throw Error(subject, "'" + name + "': sensitivity measures rtn, gptq or awq");
    if (withImatrix)
        throw Error(subject, name + " onto GGUF block types uses the type's unweighted quantizer for its scales, so it cannot use an "
                                     "imatrix: drop --imatrix, or measure with --method rtn");
    for (DType c : candidates) {
        const KernelPair k = kernels(c);
        if (!blockCodes(c) || !k.fromFloat || !k.toFloat)
            throw Error(subject, name + " cannot target " + std::string(typeName(c)) +
                                     " (no per-element block codes); remove it from --candidates or use --method rtn");
    }
}

std::string idsDigest(const std::vector<int32_t>& ids) { return Sha256::hex(ids.data(), ids.size() * sizeof(int32_t)); }

nlohmann::json sensitivitySettings(const SensitivityInput& input, const SensitivityOptions& opt, const std::string& imatrixDigest,
                                   const std::string& calibDigest) {
    const int64_t available = int64_t(input.evalIds.size()) / std::max<int64_t>(1, opt.ctx);
    nlohmann::json calib = {{"digest", calibDigest}};
    if (!opt.precomputed) calib.update({{"samples", opt.calib.samples}, {"seq_len", opt.calib.seqLen}, {"seed", opt.calib.seed}});
    return {{"method", std::string(methodName(opt.method))},
            {"imatrix", imatrixDigest.empty() ? nlohmann::json(nullptr) : nlohmann::json(imatrixDigest)},
            {"eval", {{"digest", idsDigest(input.evalIds)}, {"ctx", opt.ctx},
                      {"chunks", opt.chunks > 0 ? std::min(available, opt.chunks) : available}}},
            {"calibration", calib}};
}

Measurement measureCached(const Model& model, const std::string& file, const SensitivityInput& input,
                          const SensitivityOptions& opt, const nlohmann::json& settings, ThreadPool& pool, int64_t* measured,
                          const ProgressFn& progress, const CancelToken* cancel) {
    const std::string identity = modelIdentity(model);
    Measurement m;
    if (!file.empty() && std::filesystem::exists(file)) {
        m = loadMeasurement(file);
        checkMeasurement(m, file, identity, settings);
    } else {
        m = newMeasurement(model, identity, settings);
    }
    const auto save = [&] {
        if (!file.empty()) saveMeasurement(m, file);
    };
    const int64_t n = measureSensitivity(model, m, input, opt, pool, save, progress, cancel);
    if (measured) *measured = n;
    return m;
}

} // namespace qs
