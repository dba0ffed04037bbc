#pragma once
// Shared by the runtime tests: reference.json, the tokenized eval text and where each reference model lives.
#include "core/model/model.h"
#include "core/runtime/forward.h"
#include "core/runtime/kld.h"
#include "core/runtime/perplexity.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

namespace qs::test {

inline const nlohmann::json& reference() {
    static const nlohmann::json j = [] {
        std::ifstream f(sharedPath("reference/reference.json"));
        return nlohmann::json::parse(f);
    }();
    return j;
}

// The eval text tokenized with the HF tokenizer (the tokenizer tests check it against the reference).
inline const std::vector<int32_t>& evalIds() {
    static const std::vector<int32_t> ids =
        Tokenizer::fromFile(sharedPath("models/austen-5m/tokenizer.model")).encode(readEvalText(sharedPath("data/eval-persuasion.txt")));
    return ids;
}

// reference.json's model names → shared paths (relative).
inline std::string referenceModelPath(const std::string& name) {
    if (name == "austen-5m" || name == "austen-29m") return "models/" + name;
    if (name == "austen-5m-f16") return "models/austen-5m-f16.gguf";
    if (name.find("imatrix") != std::string::npos) return "reference/imatrix/" + name + ".gguf";
    return "reference/gguf/" + name + ".gguf";
}

// False while the quant branch has not yet filled in a decoder this model needs.
inline bool canDecode(const Model& m) {
    for (const auto& t : m.tensors())
        if (traits(t.type).toFloat == nullptr) return false;
    return true;
}

inline bool relClose(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want); }

// A "name" column with one row per entry of reference.json's `section` ("ppl", "kld").
inline void addReferenceRows(const char* section) {
    QTest::addColumn<QString>("name");
    if (!sharedExists("reference/reference.json")) return;
    for (auto& [name, entry] : reference()[section].items()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

// Perplexity of reference.json's ppl entry `name` over the eval text; nullopt (reason in `skip`) as below.
inline std::optional<PerplexityResult> referencePerplexity(const std::string& name, const EvalOptions& opt, int threads,
                                                           std::string* skip) {
    const std::string path = referenceModelPath(name);
    if (!sharedExists(path)) return *skip = "model file missing", std::nullopt;
    const auto model = loadModel(sharedPath(path));
    if (!canDecode(model)) return *skip = "a tensor type of this model has no decoder yet", std::nullopt;
    ModelWeights weights(model);
    ThreadPool pool(threads);
    Forward fwd(weights, pool);
    return computePerplexity(fwd, evalIds(), opt, 1);
}

// KLD of reference.json's kld entry `name` against its base over the eval text; nullopt (with the reason in
// `skip`) when a model file is missing or cannot be decoded.
inline std::optional<KldResult> referenceKld(const std::string& name, const EvalOptions& opt, int threads, std::string* skip) {
    const auto& entry = reference()["kld"][name];
    const std::string basePath = referenceModelPath(entry["base"].get<std::string>()), candPath = referenceModelPath(name);
    if (!sharedExists(basePath) || !sharedExists(candPath)) return *skip = "model file missing", std::nullopt;
    const auto base = loadModel(sharedPath(basePath));
    const auto cand = loadModel(sharedPath(candPath));
    if (!canDecode(cand)) return *skip = "a tensor type of this model has no decoder yet", std::nullopt;
    ModelWeights wb(base), wc(cand);
    ThreadPool pool(threads);
    Forward fb(wb, pool), fc(wc, pool);
    return computeKld(fb, fc, evalIds(), opt, 1);
}

// Every KLD statistic of r against the reference entry `ref` (relative 1e-4, issue-notes.md).
inline void verifyKldStats(const KldResult& r, const nlohmann::json& ref, const QString& name) {
    QCOMPARE(r.tokensScored, ref["tokens_scored"].get<int64_t>());
    const std::pair<const char*, double> stats[] = {
        {"kld_mean", r.kldMean}, {"kld_median", r.kldMedian}, {"kld_p90", r.kldP90}, {"kld_p99", r.kldP99},
        {"kld_max", r.kldMax}, {"same_top_fraction", r.sameTopFraction}, {"delta_p_mean", r.deltaPMean},
        {"delta_p_rms", r.deltaPRms}, {"ppl_base", r.pplBase}, {"ppl_candidate", r.pplCandidate}};
    for (auto& [key, got] : stats) {
        const double want = ref[key].get<double>();
        if (!relClose(got, want, 1e-4)) qWarning("%s: %s = %.10g, reference %.10g", name.toUtf8().constData(), key, got, want);
        QVERIFY2(relClose(got, want, 1e-4), key);
    }
}

} // namespace qs::test
