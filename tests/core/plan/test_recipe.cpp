// Recipes: strict parsing with one-line errors, rule matching, resolution, and the shipped presets
// (the llama.cpp mixtures must resolve to exactly llama-quantize's per-tensor types).
#include "core/export/gguf_names.h"
#include "core/formats/gguf.h"
#include "core/plan/presets.h"
#include "core/plan/resolved_plan.h"
#include "core/util/error.h"
#include "tests/support/support.h"

#include <QtTest>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

qs::Recipe parse(const std::string& text) { return qs::parseRecipe(json::parse(text), "r.json"); }

// The error message parsing `text` gives, or "" when it parses.
std::string parseError(const std::string& text) {
    try {
        parse(text);
    } catch (const qs::Error& e) {
        return e.what();
    }
    return "";
}

const qs::PlanEntry& entry(const qs::ResolvedPlan& p, const std::string& name) {
    for (auto& e : p.entries)
        if (e.name == name) return e;
    throw std::runtime_error("no " + name);
}

// Recipes that must fail, and a piece of the message (kept outside the test class: moc misreads raw strings there).
const std::pair<const char*, const char*> kBadRecipes[] = {
    {R"({"defaults": {"keep": "f16"}})",
     "quantscope_recipe"},
    {R"({"quantscope_recipe": 2, "defaults": {"keep": "f16"}})",
     "version 2"},
    {R"({"quantscope_recipe": 1})",
     "missing 'defaults'"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "extra": 1})",
     "unknown key 'extra'"},
    {R"({"quantscope_recipe": 1, "defaults": {"mixture": "Q9_K"}})",
     "unknown llama.cpp mixture 'Q9_K'"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {"role": "attn_v"}, "keep": "f16"},
               {"match": {"role": "attn_q"}, "quant": "rtn:9"}]})",
     "rule 2:"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {"regex": "a["}, "keep": "f16"}]})",
     "rule 1: invalid regex"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {"role": "attn"}, "keep": "f16"}]})",
     "rule 1: unknown role 'attn'"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {}, "keep": "f16"}]})",
     "rule 1: 'match' needs"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {"role": "attn_q"}, "keep": "f16", "quant": "nf4"}]})",
     "rule 1: give exactly one"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {"role": "attn_q"}, "keep": "q4"}]})",
     "rule 1: 'keep' must be"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "rules": [{"match": {"role": "attn_q", "blocks": "x"}, "keep": "f16"}]})",
     "rule 1: 'blocks'"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "calibration": {"samples": 0}})",
     "calibration: 'samples'"},
    {R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"}, "evaluation": {"ctx": "big"}})",
     "evaluation: 'ctx' has the wrong type"},
};

} // namespace

class TestRecipe : public QObject {
    Q_OBJECT
private slots:
    void parsesEveryField() {
        const auto r = parse(R"({"quantscope_recipe": 1, "name": "mine", "description": "d",
            "defaults": {"quant": "rtn:4:g128:asym"},
            "rules": [{"match": {"role": ["attn_v", "mlp_down"], "blocks": [-2, -1]}, "quant": "Q6_K", "comment": "c"},
                      {"match": {"glob": "*.embed_tokens.*"}, "keep": "f16"},
                      {"match": {"regex": "q_proj"}, "quant": {"method": "rtn", "bits": 8, "granularity": "channel", "symmetric": true}}],
            "calibration": {"text": "calib.txt", "samples": 16, "seq_len": 64, "seed": 7, "sequential": false},
            "evaluation": {"text": "/abs/eval.txt", "ctx": 128, "chunks": 4, "kld": false},
            "imatrix": "m.dat"})");
        QCOMPARE(r.name, std::string("mine"));
        QCOMPARE(r.rules.size(), size_t(3));
        QCOMPARE(r.rules[0].spec, qs::QuantSpec::gguf(qs::DType::Q6_K));
        QCOMPARE(r.rules[1].spec, qs::QuantSpec::keep(qs::DType::F16));
        QCOMPARE(r.rules[2].spec.toString(), std::string("rtn:8:channel:sym"));
        QCOMPARE(*r.rules[0].match.blockFirst, -2);
        QCOMPARE(r.calibration->samples, int64_t(16));
        QCOMPARE(r.calibration->sequential, false);
        QCOMPARE(r.evaluation->chunks, int64_t(4));
        QCOMPARE(r.imatrix, std::string("m.dat"));
        // toJson → parse gives the same recipe.
        const auto again = qs::parseRecipe(qs::toJson(r), "again.json");
        QCOMPARE(qs::toJson(again).dump(), qs::toJson(r).dump());
    }

    void relativePathsFollowTheRecipe() {
        const auto r = qs::parseRecipe(json::parse(R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"},
            "calibration": {"text": "calib.txt"}, "evaluation": {"text": "/abs/eval.txt"}})"), "/some/dir/r.json", "/some/dir");
        QCOMPARE(r.calibration->text, std::string("/some/dir/calib.txt"));
        QCOMPARE(r.evaluation->text, std::string("/abs/eval.txt"));
    }

    void errorsNameFileAndRule() {
        for (auto [text, expected] : kBadRecipes) {
            const std::string msg = parseError(text);
            QVERIFY2(msg.rfind("r.json: ", 0) == 0, msg.c_str());
            QVERIFY2(msg.find(expected) != std::string::npos, (msg + " lacks " + expected).c_str());
            QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());
        }
    }

    void firstMatchingRuleWins() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const auto r = parse(R"({"quantscope_recipe": 1, "defaults": {"quant": "rtn:4:g128:asym"},
            "rules": [{"match": {"role": "attn_v", "blocks": -1}, "quant": "Q8_0"},
                      {"match": {"role": "attn_v"}, "quant": "Q6_K"},
                      {"match": {"glob": "model.embed_tokens.*"}, "keep": "f16"},
                      {"match": {"role": "output"}, "quant": "nf4"},
                      {"match": {"regex": "nothing-matches"}, "keep": "f32"}]})");
        const auto plan = qs::resolvePlan(model, r);
        QCOMPARE(entry(plan, "model.layers.3.self_attn.v_proj.weight").spec, qs::QuantSpec::gguf(qs::DType::Q8_0));
        QCOMPARE(entry(plan, "model.layers.3.self_attn.v_proj.weight").rule, 1);
        QCOMPARE(entry(plan, "model.layers.0.self_attn.v_proj.weight").spec, qs::QuantSpec::gguf(qs::DType::Q6_K));
        QCOMPARE(entry(plan, "model.embed_tokens.weight").spec, qs::QuantSpec::keep(qs::DType::F16));
        QCOMPARE(entry(plan, "lm_head.weight").spec, qs::QuantSpec::nf4());
        QCOMPARE(entry(plan, "model.layers.0.mlp.up_proj.weight").rule, 0);
        QCOMPARE(entry(plan, "model.norm.weight").rule, -1); // never quantized
        QCOMPARE(plan.warnings.size(), size_t(1));
        QVERIFY(plan.warnings[0].find("rule 5") != std::string::npos);
        // Totals add up; bits per weight of rtn:4:g128 is 4 + (16 + 4) / 128.
        int64_t bits = 0;
        for (auto& e : plan.entries) bits += e.bits;
        QCOMPARE(plan.totalBits, bits);
        QCOMPARE(entry(plan, "model.layers.0.mlp.up_proj.weight").bitsPerWeight(), 4.0 + 20.0 / 128.0);
        QVERIFY(!plan.needsCalibration());
    }

    void shapeErrorsNameRuleAndTensor() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const auto r = parse(R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"},
            "rules": [{"match": {"role": "mlp_down"}, "quant": "rtn:4:g512"}]})");
        try {
            qs::resolvePlan(model, r);
            QFAIL("expected an error");
        } catch (const qs::Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("r.json: rule 1: tensor 'model.layers.0.mlp.down_proj.weight'") == 0, msg.c_str());
        }
    }

    void presetsLoadByName() {
        const auto names = qs::presetNames();
        for (auto want : {"Q2_K", "Q3_K_M", "Q4_K_M", "Q5_K_M", "Q6_K", "w4a16-g128-gptq", "w4a16-g128-awq", "w8-per-channel", "w3-g128-gptq"}) {
            QVERIFY2(std::find(names.begin(), names.end(), want) != names.end(), want);
            const auto r = qs::loadRecipe(want);
            QCOMPARE(r.name, std::string(want));
        }
        try {
            qs::loadRecipe("no-such-preset");
            QFAIL("expected an error");
        } catch (const qs::Error& e) {
            QVERIFY(std::string(e.what()).find("w4a16-g128-gptq") != std::string::npos); // lists the presets
        }
        const auto gptq = qs::loadRecipe("w4a16-g128-gptq");
        QVERIFY(gptq.calibration.has_value());
        QCOMPARE(gptq.defaults.toString(), std::string("gptq:4:g128:sym"));
    }

    void mixturePresetsEqualLlamaMixture() {
        QS_REQUIRE_SHARED("models/austen-5m");
        for (auto source : {"models/austen-5m", "models/austen-5m-f16.gguf"}) {
            const auto model = qs::loadModel(qs::test::sharedPath(source));
            for (auto name : {"Q2_K", "Q3_K_M", "Q4_K_M", "Q5_K_M", "Q6_K"}) {
                const auto plan = qs::resolvePlan(model, qs::loadRecipe(name));
                QVERIFY(qs::ggufTypes(model, plan) == qs::llamaMixtureTypes(model, *qs::parseLlamaFtype(name)));
                QCOMPARE(qs::closestFileType(plan, qs::ggufTypes(model, plan), model), qs::llamaFtypeId(*qs::parseLlamaFtype(name)));
            }
        }
    }

    void q4kmPresetEqualsReferenceFile() {
        QS_REQUIRE_SHARED("reference/gguf/austen-5m-Q4_K_M.gguf");
        const auto ref = qs::GgufFile::open(qs::test::sharedPath("reference/gguf/austen-5m-Q4_K_M.gguf"));
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const auto types = qs::ggufTypes(model, qs::resolvePlan(model, qs::loadRecipe("Q4_K_M")));
        int checked = 0;
        for (size_t i = 0; i < types.size(); ++i) {
            const auto name = qs::ggufTensorName(model.tensors()[i]);
            const auto* t = ref->findTensor(name);
            QVERIFY2(t, name.c_str());
            QVERIFY2(t->type == types[i], (name + ": " + std::string(qs::typeName(types[i]))).c_str());
            ++checked;
        }
        QCOMPARE(size_t(checked), ref->tensors().size());
    }

    void fp16ScalesForCheckpointTargets() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ResolveOptions ro;
        ro.fp16Scales = true;
        const auto plan = qs::resolvePlan(model, qs::loadRecipe("w4a16-g128-gptq"), ro);
        QVERIFY(entry(plan, "model.layers.0.mlp.up_proj.weight").spec.fp16Scales);
        QCOMPARE(entry(plan, "lm_head.weight").spec, qs::QuantSpec::keep(qs::DType::F16));
        QVERIFY(plan.needsCalibration());
    }
};

QTEST_GUILESS_MAIN(TestRecipe)
#include "test_recipe.moc"
