#include "core/pipeline/pipeline.h"

#include "core/pipeline/awq_block.h"
#include "core/pipeline/block_stream.h"
#include "core/quant/hessian.h"
#include "core/quant/metrics.h"
#include "core/runtime/forward.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <regex>

namespace qs {
namespace {

// The layers that read one input, in data-flow order.
struct Stage {
    TensorRole input;
    std::vector<TensorRole> layers;
};
const std::vector<Stage>& stages() {
    static const std::vector<Stage> s = {{TensorRole::AttnQ, {TensorRole::AttnQ, TensorRole::AttnK, TensorRole::AttnV}},
                                         {TensorRole::AttnO, {TensorRole::AttnO}},
                                         {TensorRole::MlpGate, {TensorRole::MlpGate, TensorRole::MlpUp}},
                                         {TensorRole::MlpDown, {TensorRole::MlpDown}}};
    return s;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// AWQ's clip check (awq_block.h): each clipped member of the module is also quantized without its clip, and the
// combination with the least module output error is kept (all clipped wins ties). `results` are the clipped
// results, in the order of the module's selected members; returns the indexes whose clip was dropped.
std::vector<size_t> dropRejectedClips(AwqModuleObjective& objective, const std::vector<std::vector<float>>& weights,
                                      const std::vector<float>& scales, const std::vector<double>& hessian, const std::vector<bool>& clipped,
                                      const PipelineOptions& opt, std::vector<QuantResult>& results, ThreadPool& pool,
                                      const CancelToken* cancel) {
    const std::vector<AwqLayerRef>& moduleRefs = objective.layers();
    std::vector<QuantResult> unclipped(results.size());
    std::vector<std::vector<const std::vector<float>*>> candidates(moduleRefs.size());
    for (size_t m = 0, i = 0; m < moduleRefs.size(); ++m) {
        if (!moduleRefs[m].quantized) continue; // a member left out stays float
        candidates[m].push_back(&results[i].weight);
        if (clipped[i]) {
            unclipped[i] = quantizeAwqLayer(weights[i].data(), results[i].rows, results[i].cols, scales, hessian, opt.spec, false,
                                            opt.methods.awq, &pool, cancel);
            candidates[m].push_back(&unclipped[i].weight);
        }
        ++i;
    }
    const std::vector<size_t> pick = chooseAwqModuleCandidates(objective, candidates);
    std::vector<size_t> dropped;
    for (size_t m = 0, i = 0; m < moduleRefs.size(); ++m) {
        if (!moduleRefs[m].quantized) continue;
        if (pick[m] == 1) {
            results[i] = std::move(unclipped[i]);
            dropped.push_back(i);
        }
        ++i;
    }
    return dropped;
}

} // namespace

std::vector<const TensorInfo*> selectLinears(const Model& model, const std::string& regex) {
    std::regex re;
    try {
        re = std::regex(regex.empty() ? "." : regex);
    } catch (const std::regex_error&) {
        throw Error("--tensors", "invalid regular expression '" + regex + "'");
    }
    std::vector<const TensorInfo*> out;
    for (int l = 0; l < int(model.hparams().numLayers); ++l)
        for (const Stage& st : stages())
            for (TensorRole role : st.layers)
                if (const TensorInfo* t = model.find(role, l); t && std::regex_search(t->name, re)) out.push_back(t);
    return out;
}

PipelineResult quantizeModel(const Model& model, const std::vector<int32_t>& calibIds, int32_t bosId, const PipelineOptions& opt,
                             ThreadPool& pool, const ProgressFn& progress, const CancelToken* cancel) {
    const auto t0 = std::chrono::steady_clock::now();
    opt.spec.validate();
    const std::vector<const TensorInfo*> selected = selectLinears(model, opt.tensorRegex);
    if (selected.empty()) throw Error("--tensors", "no decoder linear layer matches '" + opt.tensorRegex + "'");
    for (const TensorInfo* t : selected) opt.spec.validateShape(t->shape[0], t->shape[1], t->name); // refuse before any work

    ModelWeights base(model);
    OverlayWeights overlay(base);
    Forward original(base, pool), quantized(overlay, pool);
    std::optional<BlockStream> stream;
    if (!opt.precomputed) {
        stream.emplace(opt.sequential ? quantized : original, calibrationTokens(calibIds, bosId, opt.calib), opt.calib.samples, opt.calib.seqLen,
                       std::max<int64_t>(1, opt.samplesPerBatch));
    }

    PipelineResult result;
    result.spec = opt.spec;
    const HyperParams& hp = model.hparams();
    const bool awq = opt.spec.method == QuantMethod::AWQ;
    if (awq && opt.precomputed)
        result.notes.push_back("AWQ: precomputed statistics hold no input rows, so the q/k/v and gate/up scales are searched on "
                               "those layers' own output errors instead of the attention and MLP outputs");
    if (awq && hp.numKvHeads * hp.headDim != hp.numHeads * hp.headDim)
        result.notes.push_back("AWQ: v_proj has fewer rows than o_proj has inputs (grouped-query attention), so o_proj gets no "
                               "input scaling, as in llm-awq and AutoAWQ; it is only clipped");
    size_t done = 0, clipChecked = 0;
    std::vector<std::string> clipDropped; // "block.role" of the layers whose clip the module check dropped
    for (int l = 0; l < int(hp.numLayers); ++l) {
        for (const Stage& st : stages()) {
            std::vector<const TensorInfo*> layers;
            for (const TensorInfo* t : selected)
                if (t->block == l && std::find(st.layers.begin(), st.layers.end(), t->role) != st.layers.end()) layers.push_back(t);
            if (layers.empty()) continue;
            if (cancel) cancel->check();
            const std::string inputName = calibrationInputName(st.input, l);
            // AWQ scores the q/k/v group on the attention module's output and gate/up on the MLP's, which needs the
            // input rows themselves; other groups (and precomputed statistics) use the layers' own output error.
            const bool moduleSearch = awq && !opt.precomputed && (st.input == TensorRole::AttnQ || st.input == TensorRole::MlpGate);
            std::vector<float> inputRows;
            InputStats stats;
            if (opt.precomputed) {
                const InputStats* s = opt.precomputed->find(inputName);
                if (!s || s->hessian.empty()) throw Error("calibration", "no Hessian for input '" + inputName + "'");
                stats = *s;
            } else {
                stats = stream->capture(stream->forward(), l, st.input, cancel, moduleSearch ? &inputRows : nullptr);
            }
            LayerCalibration calib{stats.hessian, stats.meanAbs, stats.tokens};

            std::vector<std::vector<float>> weights;
            for (const TensorInfo* t : layers) weights.push_back(model.readAll(*t));
            std::vector<float> scales; // AWQ: one s for every layer reading this input
            std::vector<std::vector<float>> others;    // module members the regex leaves out (they stay float)
            std::optional<AwqModuleObjective> objective; // AWQ module search: scored by the scale search and the clip check
            if (moduleSearch) {
                std::vector<AwqLayerRef> moduleRefs; // every member of the module, in order
                for (TensorRole role : st.layers) {
                    const auto it = std::find_if(layers.begin(), layers.end(), [&](const TensorInfo* t) { return t->role == role; });
                    if (it != layers.end()) {
                        moduleRefs.push_back({weights[size_t(it - layers.begin())].data(), (*it)->shape[0], true});
                    } else {
                        const TensorInfo* t = model.find(role, l);
                        if (!t) throw Error("awq", std::string(roleName(role)) + " of block " + std::to_string(l) + " is missing");
                        others.push_back(model.readAll(*t));
                        moduleRefs.push_back({others.back().data(), t->shape[0], false});
                    }
                }
                const AwqModuleInput in{inputRows.data(), stream->sequences(), stream->seqLen(), stream->perBatch()};
                objective.emplace(st.input == TensorRole::AttnQ ? AwqModule::Attention : AwqModule::Mlp, overlay, l, in, moduleRefs, pool, cancel);
                scales = searchAwqModuleScales(*objective, calib.meanAbs, opt.spec, opt.methods.awq, pool, cancel).scales;
            } else if (awq && !(st.input == TensorRole::AttnO && hp.numKvHeads != hp.numHeads)) {
                std::vector<AwqLayerRef> refs;
                for (size_t i = 0; i < layers.size(); ++i) refs.push_back({weights[i].data(), layers[i]->shape[0]});
                scales = searchAwqScales(refs, layers[0]->shape[1], calib.meanAbs, calib.hessian, opt.spec, opt.methods.awq,
                                         &pool, cancel).scales;
            }

            std::vector<QuantResult> results(layers.size());
            std::vector<double> seconds(layers.size());
            std::vector<bool> clipped(layers.size(), false);
            for (size_t i = 0; i < layers.size(); ++i) {
                const TensorInfo& t = *layers[i];
                if (progress)
                    progress(double(done + i) / double(selected.size()), "block " + std::to_string(l + 1) + "/" +
                                                                             std::to_string(hp.numLayers) + " " + std::string(roleName(t.role)));
                const auto t1 = std::chrono::steady_clock::now();
                // llm-awq leaves q/k unclipped: their error is amplified by the attention scores.
                clipped[i] = awq && t.role != TensorRole::AttnQ && t.role != TensorRole::AttnK;
                results[i] = awq ? quantizeAwqLayer(weights[i].data(), t.shape[0], t.shape[1], scales, calib.hessian, opt.spec, clipped[i],
                                                    opt.methods.awq, &pool, cancel)
                                 : quantizeLayer(weights[i].data(), t.shape[0], t.shape[1], opt.spec, &calib, opt.methods, &pool, cancel);
                seconds[i] = secondsSince(t1);
            }
            if (moduleSearch && std::find(clipped.begin(), clipped.end(), true) != clipped.end()) {
                const auto t1 = std::chrono::steady_clock::now();
                const std::vector<size_t> dropped =
                    dropRejectedClips(*objective, weights, scales, calib.hessian, clipped, opt, results, pool, cancel);
                const auto nClipped = std::count(clipped.begin(), clipped.end(), true);
                const double share = secondsSince(t1) / double(nClipped);
                for (size_t i = 0; i < layers.size(); ++i)
                    if (clipped[i]) seconds[i] += share;
                clipChecked += size_t(nClipped);
                for (size_t i : dropped) clipDropped.push_back("blk." + std::to_string(l) + "." + std::string(roleName(layers[i]->role)));
            }
            for (size_t i = 0; i < layers.size(); ++i) {
                const TensorInfo& t = *layers[i];
                const int64_t rows = t.shape[0], cols = t.shape[1];
                TensorQuant tq;
                tq.name = t.name;
                tq.role = t.role;
                tq.block = l;
                tq.result = std::move(results[i]);
                tq.seconds = seconds[i];
                tq.relOutputError = relativeOutputError(weights[i].data(), tq.result.weight.data(), rows, cols, calib.hessian, &pool);
                tq.weightMse = weightError(weights[i].data(), tq.result.weight.data(), rows, cols, &pool).mse;
                auto m = std::make_shared<FloatMatrix>();
                m->rows = rows;
                m->cols = cols;
                m->data = tq.result.weight;
                overlay.replace({t.role, l, false}, std::move(m));
                for (auto& n : tq.result.notes) result.notes.push_back(t.name + ": " + n);
                result.tensors.push_back(std::move(tq));
                ++done;
            }
        }
        if (stream) stream->advance(l, cancel);
    }
    if (clipChecked) {
        constexpr size_t kListed = 12;
        std::string list;
        for (size_t i = 0; i < std::min(kListed, clipDropped.size()); ++i) list += (list.empty() ? "" : ", ") + clipDropped[i];
        if (clipDropped.size() > kListed) list += " and " + std::to_string(clipDropped.size() - kListed) + " more";
        result.notes.push_back("AWQ: clip search kept on " + std::to_string(clipChecked - clipDropped.size()) + " of " +
                               std::to_string(clipChecked) + " v/gate/up layers; dropped where the attention or MLP output error " +
                               "is lower without it" + (list.empty() ? "" : " (" + list + ")"));
    }
    if (progress) progress(1.0, "done");
    result.seconds = secondsSince(t0);
    return result;
}

void applyToOverlay(const PipelineResult& result, OverlayWeights& overlay) {
    for (const TensorQuant& t : result.tensors) {
        auto m = std::make_shared<FloatMatrix>();
        m->rows = t.result.rows;
        m->cols = t.result.cols;
        m->data = t.result.weight;
        overlay.replace({t.role, t.block, false}, std::move(m));
    }
}

} // namespace qs
