#include "core/pipeline/compare.h"

#include "core/runtime/forward.h"

namespace qs {

Comparison compareMethods(const Model& model, const std::vector<int32_t>& calibIds, const std::vector<int32_t>& evalIds,
                          int32_t bosId, const CompareOptions& opt, ThreadPool& pool, const ProgressFn& progress,
                          const CancelToken* cancel) {
    Comparison out;
    out.baseBytes = model.totalBytes();
    const double share = 1.0 / double(std::max<size_t>(1, opt.specs.size()));
    for (size_t m = 0; m < opt.specs.size(); ++m) {
        const std::string method(methodName(opt.specs[m].method));
        auto sub = [&](double from, double width) -> ProgressFn {
            if (!progress) return {};
            return [=, &progress](double f, const std::string& stage) { progress(share * (double(m) + from + width * f), method + ": " + stage); };
        };
        PipelineOptions po = opt.pipeline;
        po.spec = opt.specs[m];
        const PipelineResult pr = quantizeModel(model, calibIds, bosId, po, pool, sub(0.0, 0.5), cancel);

        MethodComparison mc;
        mc.spec = po.spec;
        mc.quantizeSeconds = pr.seconds;
        mc.notes = pr.notes;
        int64_t storedBits = 0, params = 0;
        uint64_t replacedBytes = 0;
        for (const TensorQuant& t : pr.tensors) {
            mc.layers.push_back({t.name, t.relOutputError, t.weightMse, t.seconds});
            storedBits += po.spec.storageBits(t.result.rows, t.result.cols);
            params += t.result.rows * t.result.cols;
            replacedBytes += model.find(t.name)->bytes;
        }
        mc.bytes = out.baseBytes - replacedBytes + uint64_t((storedBits + 7) / 8);
        mc.bitsPerWeight = params ? double(storedBits) / double(params) : 0.0;

        ModelWeights baseWeights(model);
        OverlayWeights candidate(baseWeights);
        applyToOverlay(pr, candidate);
        Forward baseFwd(baseWeights, pool), candFwd(candidate, pool);
        mc.eval = computeKld(baseFwd, candFwd, evalIds, opt.eval, bosId, sub(0.5, 0.5), cancel);
        out.basePpl = mc.eval.pplBase;
        out.basePplStderr = mc.eval.pplBaseStderr;
        out.tokensScored = mc.eval.tokensScored;
        out.methods.push_back(std::move(mc));
    }
    return out;
}

} // namespace qs
