#include "core/plan/execute.h"

#include "core/quant/finite.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <chrono>

namespace qs {
namespace {

bool changesValues(const QuantSpec& spec, DType source) {
    if (spec.grid != QuantGrid::Float) return true;
    // Keeping at the source's precision or wider changes nothing.
    if (spec.type == source || spec.type == DType::F32) return false;
    return !(source == DType::F16 && spec.type == DType::F16);
}

} // namespace

PlanOutcome executePlan(const Model& model, const ResolvedPlan& plan, ThreadPool& pool, const CancelToken* cancel,
                        Progress* progress) {
    const auto t0 = std::chrono::steady_clock::now();
    PlanOutcome out;
    out.tensors.resize(plan.entries.size());
    int64_t total = 0;
    for (auto& e : plan.entries) total += model.tensors()[e.tensor].rows();
    if (progress) progress->setStage("quantizing", total);
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        const auto& e = plan.entries[i];
        const auto& t = model.tensors()[e.tensor];
        auto& o = out.tensors[i];
        o.spec = e.spec;
        o.note = e.note;
        if (cancel) cancel->check();
        const auto ts = std::chrono::steady_clock::now();
        if (e.spec.method == QuantMethod::GPTQ || e.spec.method == QuantMethod::AWQ || e.spec.method == QuantMethod::HQQ)
            throw Error(e.name, "spec " + e.spec.toString() + ": " + std::string(methodName(e.spec.method)) +
                                    " is not available in this build (it comes with the methods pipeline); use rtn or a GGUF type");
        if (changesValues(e.spec, t.type)) {
            const auto w = model.readAll(t);
            requireFinite(w.data(), t.rows(), t.cols(), e.name);
            if (e.spec.grid == QuantGrid::Integer || e.spec.grid == QuantGrid::NF4) {
                o.matrix = quantizeRtn(w.data(), t.rows(), t.cols(), e.spec, &pool, cancel);
                o.weight = dequantize(*o.matrix, &pool);
            } else {
                o.weight = fakeQuantize(w.data(), t.rows(), t.cols(), e.spec, &pool, cancel);
            }
            if (e.rule >= 0) o.error = weightError(w.data(), o.weight.data(), t.rows(), t.cols(), &pool);
        }
        o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - ts).count();
        if (progress) progress->advance(t.rows());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

std::vector<float> effectiveWeights(const Model& model, const PlanOutcome& outcome, size_t tensor) {
    const auto& o = outcome.tensors[tensor];
    return o.weight.empty() ? model.readAll(model.tensors()[tensor]) : o.weight;
}

} // namespace qs
