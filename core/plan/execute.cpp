#include "core/plan/execute.h"

#include "core/pipeline/pipeline.h"
#include "core/quant/finite.h"
#include "core/quant/quantize_layer.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <chrono>
#include <map>

namespace qs {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

bool isCalibrated(const QuantSpec& s) { return s.method == QuantMethod::GPTQ || s.method == QuantMethod::AWQ; }

bool changesValues(const QuantSpec& spec, DType source) {
    if (spec.grid != QuantGrid::Float) return true;
    // Keeping at the source's precision or wider changes nothing.
    return !(spec.type == source || spec.type == DType::F32);
}

std::string escapeRegex(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

void take(TensorOutcome& o, QuantResult&& r) {
    o.matrix = std::move(r.matrix);
    o.blocks = std::move(r.blocks);
    o.inputScales = std::move(r.inputScales);
    o.weight = std::move(r.weight);
    for (auto& n : r.notes) o.note += (o.note.empty() ? "" : "; ") + n;
}

// Every GPTQ/AWQ tensor, one pipeline run per distinct spec (in order of first appearance).
void runCalibrated(const Model& model, const ResolvedPlan& plan, const CalibrationInput& calib, ThreadPool& pool,
                   const CancelToken* cancel, const ProgressFn& progress, PlanOutcome& out) {
    std::vector<std::pair<QuantSpec, std::vector<size_t>>> runs;
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        if (!isCalibrated(plan.entries[i].spec)) continue;
        auto it = std::find_if(runs.begin(), runs.end(), [&](auto& r) { return r.first == plan.entries[i].spec; });
        if (it == runs.end()) runs.push_back({plan.entries[i].spec, {i}});
        else it->second.push_back(i);
    }
    if (runs.size() > 1)
        out.notes.push_back("GPTQ/AWQ tensors use " + std::to_string(runs.size()) +
                            " specs: each spec is a separate sequential pass that sees the other passes' layers unquantized");
    for (size_t k = 0; k < runs.size(); ++k) {
        auto& [spec, entries] = runs[k];
        PipelineOptions po;
        po.spec = spec;
        po.methods = calib.methods;
        po.calib.samples = calib.settings.samples;
        po.calib.seqLen = calib.settings.seqLen;
        po.calib.seed = calib.settings.seed;
        po.sequential = calib.settings.sequential;
        std::string regex;
        for (size_t i : entries) regex += (regex.empty() ? "^(" : "|") + escapeRegex(plan.entries[i].name);
        po.tensorRegex = regex + ")$";
        const auto sub = [&, k](double f, const std::string& stage) {
            if (progress) progress((double(k) + f) / double(runs.size()), std::string(methodName(spec.method)) + " " + stage);
        };
        PipelineResult r = quantizeModel(model, calib.ids, calib.bosId, po, pool, sub, cancel);
        for (auto& n : r.notes) out.notes.push_back(n);
        for (auto& tq : r.tensors) {
            auto i = *std::find_if(entries.begin(), entries.end(), [&](size_t e) { return plan.entries[e].name == tq.name; });
            auto& o = out.tensors[i];
            take(o, std::move(tq.result));
            o.seconds = tq.seconds;
            const auto& t = model.tensors()[plan.entries[i].tensor];
            const auto w = model.readAll(t);
            o.error = weightError(w.data(), o.weight.data(), t.rows(), t.cols(), &pool);
            o.error->relOutputError = tq.relOutputError;
        }
    }
}

} // namespace

PlanOutcome executePlan(const Model& model, const ResolvedPlan& plan, ThreadPool& pool, const CancelToken* cancel,
                        const ProgressFn& progress, const CalibrationInput* calibration,
                        const std::vector<std::vector<float>>* importance) {
    const auto t0 = Clock::now();
    PlanOutcome out;
    out.tensors.resize(plan.entries.size());
    for (size_t i = 0; i < plan.entries.size(); ++i) out.tensors[i].spec = plan.entries[i].spec;
    if (plan.needsCalibration()) {
        if (!calibration) throw Error(plan.recipeName, "GPTQ/AWQ tensors need calibration text");
        runCalibrated(model, plan, *calibration, pool, cancel, progress, out);
    }
    Progress p(progress);
    int64_t total = 0;
    for (auto& e : plan.entries) total += model.tensors()[e.tensor].rows();
    p.setStage("quantizing", total);
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        const auto& e = plan.entries[i];
        const auto& t = model.tensors()[e.tensor];
        auto& o = out.tensors[i];
        if (cancel) cancel->check();
        if (!isCalibrated(e.spec) && changesValues(e.spec, t.type)) {
            const auto ts = Clock::now();
            const auto w = model.readAll(t);
            requireFinite(w.data(), t.rows(), t.cols(), e.name);
            const float* qw = importance && !(*importance)[e.tensor].empty() ? (*importance)[e.tensor].data() : nullptr;
            if (e.spec.grid == QuantGrid::Float) // keep, rounded to a narrower float type
                o.weight = fakeQuantize(w.data(), t.rows(), t.cols(), e.spec, &pool, cancel);
            else if (qw && e.spec.grid == QuantGrid::Gguf) // llama.cpp's weighted quantizer, as the GGUF export writes it
                take(o, quantizeRtnResult(w.data(), t.rows(), t.cols(), e.spec, &pool, cancel, qw));
            else // RTN onto any grid and HQQ through the methods' one entry point
                take(o, quantizeLayer(w.data(), t.rows(), t.cols(), e.spec, nullptr, {}, &pool, cancel));
            if (e.rule >= 0) o.error = weightError(w.data(), o.weight.data(), t.rows(), t.cols(), &pool);
            o.seconds = secondsSince(ts);
        }
        p.advance(t.rows());
    }
    out.seconds = secondsSince(t0);
    return out;
}

std::vector<float> effectiveWeights(const Model& model, const PlanOutcome& outcome, size_t tensor) {
    const auto& o = outcome.tensors[tensor];
    return o.weight.empty() ? model.readAll(model.tensors()[tensor]) : o.weight;
}

} // namespace qs
