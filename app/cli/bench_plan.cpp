// bench plan: for each shared model, llama.cpp's Q2_K, Q3_K_M and Q4_K_M mixtures (with an imatrix computed by
// Quantscope from the calibration text) next to the planner's mixture at the same or smaller size — size, bpw,
// perplexity and mean KLD on the evaluation text — and the planner's size-vs-KLD curve as JSON.
// The sensitivity is measured on the calibration text (never on the evaluation text the table reports).
#include "app/cli/bench.h"
#include "app/cli/interrupt.h"
#include "app/cli/progress_bar.h"
#include "app/cli/table.h"
#include "core/export/gguf_export.h"
#include "core/pipeline/imatrix_collect.h"
#include "core/pipeline/sensitivity.h"
#include "core/pipeline/types_eval.h"
#include "core/plan/autoplan.h"
#include "core/plan/llama_mixture.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/eval_loop.h"
#include "core/util/atomic_file.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

namespace qs::cli {
namespace {

using json = nlohmann::json;

struct Settings {
    std::string calibText, evalText, cacheDir;
    int64_t evalChunks, sensChunks, imatrixChunks, curvePoints;
};

json point(const std::string& label, uint64_t bytes, const Model& model, const KldResult& r) {
    return {{"label", label}, {"bytes", bytes}, {"bpw", 8.0 * double(bytes) / double(model.totalParams())},
            {"ppl", r.pplCandidate}, {"ppl_stderr", r.pplCandidateStderr}, {"kld_mean", r.kldMean}, {"ppl_base", r.pplBase}};
}

json benchModel(const std::string& path, const Settings& s, ThreadPool& pool, Table& table) {
    const Model model = loadModel(path);
    const std::string name = std::filesystem::path(path).filename().string();
    const auto calib = loadEvalInput({&model}, s.calibText, "");
    const auto eval = loadEvalInput({&model}, s.evalText, "");
    const auto* cancel = &interruptToken();
    const Stopwatch clock;

    ImatrixOptions io;
    io.maxChunks = s.imatrixChunks;
    io.dataset = std::filesystem::path(s.calibText).filename().string();
    Imatrix imatrix;
    {
        ModelWeights w(model);
        Forward f(w, pool);
        ProgressBar bar;
        imatrix = collectImatrix(model, f, calib.ids, calib.bosId, io, bar.sink(), cancel);
    }
    const auto importance = imatrixWeights(model, imatrix, "imatrix");

    SensitivityInput in{calib.ids, calib.ids, calib.bosId};
    SensitivityOptions so;
    so.candidates = {DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::Q8_0};
    so.importance = &importance;
    so.chunks = s.sensChunks;
    so.calib.samples = 16;
    so.calib.seqLen = 256;
    const auto settings = sensitivitySettings(in, so, imatrixDigest(imatrix), idsDigest(calib.ids));
    const std::string cache = s.cacheDir.empty() ? "" : s.cacheDir + "/" + name + ".measurement.json";
    Measurement m;
    {
        ProgressBar bar;
        m = measureCached(model, cache, in, so, settings, pool, nullptr, bar.sink(), cancel);
    }

    EvalOptions eo;
    eo.maxChunks = s.evalChunks;
    auto evaluate = [&](const std::vector<DType>& types) {
        ProgressBar bar;
        return evaluateTypes(model, types, &importance, eval.ids, eval.bosId, eo, pool, bar.sink(), cancel);
    };
    auto row = [&](const std::string& label, uint64_t bytes, const KldResult& r, const std::string& verdict) {
        table.add({name, label, humanBytes(double(bytes)), fixed(8.0 * double(bytes) / double(model.totalParams()), 3),
                   fixed(r.pplCandidate, 3), fixed(r.kldMean, 5), verdict});
    };
    json rows = json::array(), curve = json::array();
    for (LlamaFtype f : {LlamaFtype::Q2_K, LlamaFtype::Q3_K_M, LlamaFtype::Q4_K_M}) {
        const auto types = llamaMixtureTypes(model, f, true);
        const uint64_t bytes = planBytes(model, types);
        const KldResult lr = evaluate(types);
        const Autoplan plan = planMixture(model, m, bytes, name);
        const KldResult pr = evaluate(plan.types);
        const std::string label = llamaFtypeName(f);
        row(label + " (llama.cpp)", bytes, lr, "");
        row("autoplan <= " + label, plan.totalBytes, pr, pr.kldMean < lr.kldMean ? "lower KLD" : "NOT lower");
        json p = point("autoplan <= " + label, plan.totalBytes, model, pr);
        p["estimated_kld"] = plan.estimatedKld;
        rows.push_back({{"mixture", label}, {"llama", point(label, bytes, model, lr)}, {"autoplan", p}});
    }
    if (s.curvePoints > 1) {
        const Autoplan lo = planMixture(model, m, UINT64_MAX, name);
        for (int64_t k = 0; k < s.curvePoints; ++k) {
            const uint64_t budget = lo.minBytes + uint64_t(double(lo.maxBytes - lo.minBytes) * double(k) / double(s.curvePoints - 1));
            const Autoplan plan = planMixture(model, m, budget, name);
            json p = point("autoplan", plan.totalBytes, model, evaluate(plan.types));
            p["estimated_kld"] = plan.estimatedKld;
            curve.push_back(p);
        }
    }
    return {{"model", name},
            {"params", model.totalParams()},
            {"imatrix_chunks", imatrix.chunkCount},
            {"sensitivity", {{"text", s.calibText}, {"chunks", so.chunks}, {"evaluations", m.evaluations}}},
            {"eval", {{"text", s.evalText}, {"ctx", eo.ctx}, {"chunks", eo.maxChunks}}},
            {"rows", rows},
            {"curve", curve},
            {"seconds", clock.seconds()}};
}

int run(Args& args) {
    args.accept({"models", "calib", "text", "chunks", "sens-chunks", "imatrix-chunks", "curve-points", "cache", "json", "threads"}, {});
    args.expectPositionals(0, 0);
    const std::string shared = QS_DEFAULT_SHARED_DIR;
    Settings s;
    s.calibText = args.value("calib", shared + "/data/calib-austen.txt");
    s.evalText = args.value("text", shared + "/data/eval-persuasion.txt");
    s.evalChunks = args.integer("chunks", 64, 0, INT32_MAX);
    s.sensChunks = args.integer("sens-chunks", 8, 1, INT32_MAX);
    s.imatrixChunks = args.integer("imatrix-chunks", 0, 0, INT32_MAX);
    s.curvePoints = args.integer("curve-points", 8, 0, 1000);
    s.cacheDir = args.value("cache", "");
    std::vector<std::string> models;
    std::stringstream ss(args.value("models", shared + "/models/austen-5m," + shared + "/models/austen-29m"));
    for (std::string m; std::getline(ss, m, ',');) models.push_back(m);
    ThreadPool pool(int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024)));

    Table table({"model", "mixture", "size", "bpw", "PPL", "mean KLD", "autoplan vs llama.cpp"},
                {false, false, true, true, true, true, false});
    json out = {{"bench", "plan"}, {"eval_chunks", s.evalChunks}, {"models", json::array()}};
    for (auto& m : models) out["models"].push_back(benchModel(m, s, pool, table));
    table.print(stdout);
    std::printf("size = all tensors (GGUF metadata not included); imatrix from %s; sensitivity on %lld chunks of it; PPL/KLD on %s "
                "(%lld chunks of 256)\n",
                s.calibText.c_str(), (long long)s.sensChunks, s.evalText.c_str(), (long long)s.evalChunks);
    if (auto path = args.value("json")) {
        writeFileAtomic(*path, out.dump(2) + "\n");
        std::printf("wrote %s\n", path->c_str());
    }
    return 0;
}

const BenchRegistration reg({"plan",
                             "[--models DIR,DIR] [--calib FILE] [--text FILE] [--chunks 64] [--sens-chunks 8] [--imatrix-chunks N] "
                             "[--curve-points 8] [--cache DIR] [--json FILE] [--threads N]",
                             "llama.cpp mixtures vs the planner's at equal size: size, bpw, PPL, KLD; size-vs-KLD curve", run});

} // namespace
} // namespace qs::cli
