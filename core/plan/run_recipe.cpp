#include "core/plan/run_recipe.h"

#include "core/export/format_check.h"
#include "core/export/gguf_export.h"
#include "core/formats/imatrix.h"
#include "core/plan/evaluate_plan.h"
#include "core/plan/execute.h"
#include "core/quant/kernels/dispatch.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/kld.h"
#include "core/runtime/perplexity.h"
#include "core/util/error.h"
#include "core/util/machine.h"
#include "core/util/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace qs {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

class StageTimes {
public:
    void start(const std::string& stage) {
        stop();
        stage_ = stage;
        t0_ = Clock::now();
    }
    void stop() {
        if (!stage_.empty()) times_[stage_] = std::chrono::duration<double>(Clock::now() - t0_).count();
        stage_.clear();
    }
    json toJson() const { return times_; }

private:
    std::string stage_;
    Clock::time_point t0_;
    json times_ = json::object();
};

// The output must not be the source or one of its files.
void refuseSourceAsOutput(const Model& model, const std::string& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto target = fs::weakly_canonical(out, ec);
    auto same = [&](const std::string& p) { return fs::weakly_canonical(p, ec) == target; };
    bool clash = same(model.path());
    for (auto& t : model.tensors()) clash |= same(t.file);
    if (clash) throw Error(out, "is the source model; write the output somewhere else");
}

json errorJson(const ErrorMetrics& m) { return toJson(m); }

json evaluate(const Model& model, const ResolvedPlan& plan, const PlanOutcome& outcome, const EvaluationSettings& ev,
              ThreadPool& pool, const CancelToken* cancel, const ProgressFn& progress) {
    const EvalInput input = loadEvalInput({&model}, ev.text, "");
    EvalOptions eo;
    eo.ctx = ev.ctx;
    eo.maxChunks = ev.chunks;
    json j = {{"text", ev.text}, {"ctx", eo.ctx}};
    if (ev.kld) {
        const KldResult r = evaluatePlan(model, plan, outcome, input.ids, input.bosId, eo, pool, progress, cancel);
        j.update({{"chunks", r.chunks}, {"tokens_scored", r.tokensScored}, {"ppl", r.pplCandidate}, {"ppl_stderr", r.pplCandidateStderr},
                  {"ppl_base", r.pplBase}, {"ppl_base_stderr", r.pplBaseStderr}, {"ppl_ratio", r.pplRatio},
                  {"kld", {{"mean", r.kldMean}, {"median", r.kldMedian}, {"p90", r.kldP90}, {"p99", r.kldP99}, {"max", r.kldMax},
                           {"same_top_fraction", r.sameTopFraction}, {"delta_p_mean", r.deltaPMean}, {"delta_p_rms", r.deltaPRms}}},
                  {"seconds", r.seconds}});
    } else {
        ModelWeights base(model);
        OverlayWeights quantized(base);
        overlayPlan(model, plan, outcome, quantized);
        Forward fq(quantized, pool);
        const PerplexityResult r = computePerplexity(fq, input.ids, eo, input.bosId, progress, cancel);
        j.update({{"chunks", r.chunks}, {"tokens_scored", r.tokensScored}, {"ppl", r.ppl}, {"ppl_stderr", r.pplStderr},
                  {"seconds", r.seconds}});
    }
    return j;
}

} // namespace

std::optional<CalibrationInput> calibrationInput(const Model& model, const Recipe& recipe, const ResolvedPlan& plan,
                                                 const std::string& text) {
    if (!plan.needsCalibration()) return std::nullopt;
    CalibrationInput c;
    c.settings = recipe.calibration.value_or(CalibrationSettings{});
    if (!text.empty()) c.settings.text = text;
    if (c.settings.text.empty())
        throw Error(recipe.source, "GPTQ/AWQ rules need calibration text (set calibration.text or pass --calib-text)");
    c.methods = recipe.methods;
    const EvalInput in = loadEvalInput({&model}, c.settings.text, "");
    c.ids = in.ids;
    c.bosId = in.bosId;
    return c;
}

json runRecipe(const std::string& modelPath, const Recipe& recipe, const RecipeRunOptions& opt, ThreadPool& pool,
               const CancelToken* cancel, const ProgressFn& progress) {
    const auto t0 = Clock::now();
    StageTimes stages;
    json notes = json::array();

    stages.start("load");
    const Model model = loadModel(modelPath);
    refuseSourceAsOutput(model, opt.output);
    ResolveOptions ro;
    ro.fp16Scales = storesFp16Scales(opt.format); // the checkpoint stores fp16 scales: quantize with them (issue-notes §6)
    Recipe effective = recipe;
    if (!opt.imatrix.empty()) effective.imatrix = opt.imatrix;
    const ResolvedPlan plan = resolvePlan(model, effective, ro);
    // The imatrix weights RTN onto GGUF types, in memory and in the GGUF export alike.
    std::shared_ptr<const Imatrix> imatrix;
    std::vector<std::vector<float>> importance;
    if (!effective.imatrix.empty()) {
        imatrix = std::make_shared<const Imatrix>(readImatrix(effective.imatrix));
        importance = imatrixWeights(model, *imatrix, effective.imatrix);
    }
    for (auto& w : plan.warnings) notes.push_back(w);
    checkPlanForFormat(model, plan, opt.format); // refuse what the format cannot hold before any work
    const std::vector<DType> ggufTypeList = opt.format == ExportFormat::Gguf ? ggufTypes(model, plan) : std::vector<DType>{};

    std::optional<EvaluationSettings> ev = opt.evaluate ? recipe.evaluation : std::nullopt;
    if (ev) {
        if (!opt.evalText.empty()) ev->text = opt.evalText;
        if (opt.evalChunks >= 0) ev->chunks = opt.evalChunks;
        if (ev->text.empty()) throw Error(recipe.source, "evaluation: no text (set evaluation.text or pass --eval-text)");
    }
    const std::optional<CalibrationInput> calib = calibrationInput(model, recipe, plan, opt.calibText);

    // Quantize in memory unless a plain GGUF run can stream it (exportGguf quantizes with the same kernels).
    PlanOutcome outcome;
    const bool inMemory = opt.format != ExportFormat::Gguf || ev || plan.needsCalibration();
    if (inMemory) {
        stages.start("quantize");
        outcome = executePlan(model, plan, pool, cancel, progress, calib ? &*calib : nullptr, imatrix ? &importance : nullptr);
        for (auto& n : outcome.notes) notes.push_back(n);
        for (size_t i = 0; i < outcome.tensors.size(); ++i)
            if (!outcome.tensors[i].note.empty()) notes.push_back(plan.entries[i].name + ": " + outcome.tensors[i].note);
    }

    json evaluation;
    if (ev) {
        stages.start("evaluate");
        evaluation = evaluate(model, plan, outcome, *ev, pool, cancel, progress);
    }

    stages.start("export");
    json tensors = json::array();
    uint64_t outputBytes = 0, bytesAfter = 0;
    if (opt.format == ExportFormat::Gguf) {
        GgufExportOptions go;
        go.fileType = closestFileType(plan, ggufTypeList, model);
        go.strictShapes = true; // the plan already applied llama.cpp's fallbacks
        go.imatrix = imatrix;
        go.imatrixFile = effective.imatrix;
        if (inMemory) // calibrated results onto GGUF types are written as the methods made them
            go.precomputed = [&](size_t i) { return outcome.tensors[i].blocks.empty() ? nullptr : &outcome.tensors[i].blocks; };
        Progress p(progress);
        const auto r = exportGguf(model, ggufTypeList, go, opt.output, pool, cancel, &p);
        outputBytes = r.fileBytes;
        for (auto& w : r.warnings) notes.push_back(w);
        for (auto& t : r.tensors) {
            const auto& e = *std::find_if(plan.entries.begin(), plan.entries.end(), [&](auto& e) { return e.name == t.sourceName; });
            json row = {{"name", e.name}, {"gguf_name", t.name}, {"spec", e.spec.toString()}, {"type", typeName(t.type)},
                        {"params", t.params}, {"bytes_before", e.sourceBytes}, {"bytes_after", t.bytes},
                        {"bits_per_weight", t.bitsPerWeight()}, {"seconds", t.seconds}};
            if (t.measured && t.type != t.sourceType)
                row["error"] = errorJson(t.error);
            bytesAfter += t.bytes;
            tensors.push_back(std::move(row));
        }
        notes.push_back("general.file_type " + std::to_string(go.fileType));
    } else {
        HfExportReport r;
        HfExportOptions hf = opt.hf;
        hf.gptq = recipe.methods.gptq;
        switch (opt.format) {
        case ExportFormat::HfGptq: r = exportHfGptq(model, plan, outcome, opt.output, hf); break;
        case ExportFormat::HfAwq: r = exportHfAwq(model, plan, outcome, opt.output, hf); break;
        default: r = exportSafetensorsDequant(model, plan, outcome, opt.output, hf); break;
        }
        outputBytes = r.fileBytes;
        for (auto& n : r.notes) notes.push_back(n);
        for (size_t i = 0; i < plan.entries.size(); ++i) {
            const auto& e = plan.entries[i];
            const auto& o = outcome.tensors[i];
            const uint64_t after = uint64_t((e.bits + 7) / 8);
            json row = {{"name", e.name}, {"spec", e.spec.toString()}, {"params", e.params}, {"bytes_before", e.sourceBytes},
                        {"bytes_after", after}, {"bits_per_weight", e.bitsPerWeight()}, {"seconds", o.seconds}};
            if (o.error) row["error"] = errorJson(*o.error);
            bytesAfter += after;
            tensors.push_back(std::move(row));
        }
        if (!r.checkpointFormat.empty()) notes.push_back("checkpoint_format " + r.checkpointFormat);
    }
    stages.stop();

    json report = {{"quantscope_report", 1},
                   {"version", quantscopeVersion()},
                   {"machine", {{"cpu", cpuModelName()}, {"simd", simdName(activeSimd())}, {"threads", pool.size()},
                                {"hardware_threads", ThreadPool::hardwareThreads()}}},
                   {"model", {{"path", model.path()}, {"params", model.totalParams()}, {"bytes", model.totalBytes()}}},
                   {"recipe", toJson(effective)},
                   {"plan", toJson(plan, model)},
                   {"format", exportFormatName(opt.format)},
                   {"output", opt.output},
                   {"output_bytes", outputBytes},
                   {"tensors", tensors},
                   {"totals", {{"params", plan.totalParams}, {"bytes_before", plan.sourceBytes}, {"bytes_after", bytesAfter},
                               {"bits_per_weight", plan.totalParams ? 8.0 * double(bytesAfter) / double(plan.totalParams) : 0.0}}},
                   {"stages", stages.toJson()},
                   {"seconds", std::chrono::duration<double>(Clock::now() - t0).count()},
                   {"notes", notes}};
    if (!evaluation.is_null()) report["evaluation"] = evaluation;
    return report;
}

} // namespace qs
