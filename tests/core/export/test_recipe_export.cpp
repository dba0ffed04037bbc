// quantize --recipe end to end on austen-5m: every export format reopens to exactly the weights the
// in-memory plan produced; outputs do not depend on the thread count; failures leave nothing behind.
#include "core/formats/gguf.h"
#include "core/formats/hf_quant_layer.h"
#include "core/formats/json_strict.h"
#include "core/plan/execute.h"
#include "core/plan/run_recipe.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/perplexity.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cstring>
#include <filesystem>

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string model5m() { return qs::test::sharedPath("models/austen-5m"); }

qs::Recipe recipe(const std::string& text) { return qs::parseRecipe(json::parse(text), "test.json"); }

const char* kKeepEnds = R"({"match": {"role": ["embedding", "output"]}, "keep": "f16"})";

qs::Recipe uniform(const std::string& spec) {
    return recipe(R"({"quantscope_recipe": 1, "defaults": {"quant": ")" + spec + R"("}, "rules": [)" + kKeepEnds + "]}");
}

json run(const qs::Recipe& r, qs::ExportFormat format, const std::string& out, int threads = 2, qs::HfExportOptions hf = {}) {
    qs::RecipeRunOptions opt;
    opt.format = format;
    opt.output = out;
    opt.hf = hf;
    qs::ThreadPool pool(threads);
    return qs::runRecipe(model5m(), r, opt, pool);
}

// The plan executed in memory the way runRecipe does for `format`.
qs::PlanOutcome inMemory(const qs::Model& m, const qs::Recipe& r, qs::ExportFormat format, qs::ResolvedPlan& plan) {
    qs::ResolveOptions ro;
    ro.fp16Scales = qs::storesFp16Scales(format);
    plan = qs::resolvePlan(m, r, ro);
    qs::ThreadPool pool(2);
    const auto calib = qs::calibrationInput(m, r, plan);
    return qs::executePlan(m, plan, pool, nullptr, {}, calib ? &*calib : nullptr);
}

// Every tensor of the reopened output decodes to exactly the in-memory plan's weights (found by role/block).
std::string compareWithPlan(const std::string& source, const std::string& output, const qs::Recipe& r, qs::ExportFormat format) {
    const auto m = qs::loadModel(source);
    qs::ResolvedPlan plan;
    const auto outcome = inMemory(m, r, format, plan);
    const auto out = qs::loadModel(output);
    for (size_t i = 0; i < plan.entries.size(); ++i) {
        const auto& t = m.tensors()[i];
        const auto* o = out.find(t.role, t.block, t.isBias);
        if (!o) return "missing " + t.name;
        if (o->shape != t.shape) return t.name + ": shape differs";
        const auto want = qs::effectiveWeights(m, outcome, i);
        const auto got = out.readAll(*o);
        if (format != qs::ExportFormat::Gguf || plan.entries[i].rule >= 0) // GGUF stores 1-D tensors as F32: exact too
            if (got != want) return t.name + ": values differ";
    }
    return "";
}

// A calibrated recipe small enough for quick tests.
qs::Recipe calibrated(const std::string& spec, const std::string& extra = "") {
    return recipe(R"({"quantscope_recipe": 1, "defaults": {"quant": ")" + spec + R"("}, "rules": [)" + kKeepEnds + R"(],
        "calibration": {"text": ")" + qs::test::sharedPath("data/calib-austen.txt") + R"(", "samples": 8, "seq_len": 64})" + extra + "}");
}

std::vector<uint8_t> readTree(const std::string& path) {
    if (!fs::is_directory(path)) return qs::test::readFile(path);
    std::vector<std::string> files;
    for (auto& e : fs::directory_iterator(path)) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<uint8_t> all;
    for (auto& f : files) {
        auto b = qs::test::readFile(f);
        const std::string name = fs::path(f).filename().string();
        all.insert(all.end(), name.begin(), name.end());
        all.insert(all.end(), b.begin(), b.end());
    }
    return all;
}

} // namespace

class TestRecipeExport : public QObject {
    Q_OBJECT
private slots:
    void init() {
        if (!qs::test::sharedExists("models/austen-5m")) QSKIP("shared model missing");
    }

    void ggufMixedDecodesToThePlan() {
        QTemporaryDir dir;
        const auto r = recipe(R"({"quantscope_recipe": 1, "defaults": {"quant": "Q4_K"}, "rules": [
            {"match": {"role": "attn_v"}, "quant": "Q6_K"}, {"match": {"role": "mlp_down", "blocks": [0, 1]}, "quant": "Q5_0"},
            {"match": {"role": "embedding"}, "keep": "f16"}, {"match": {"role": "output"}, "quant": "Q8_0"}]})");
        const std::string out = dir.filePath("m.gguf").toStdString();
        const auto report = run(r, qs::ExportFormat::Gguf, out);
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), out, r, qs::ExportFormat::Gguf)), QString());
        const auto g = qs::loadModel(out);
        QCOMPARE(g.find(qs::TensorRole::MlpDown, 0)->type, qs::DType::Q5_0);
        QCOMPARE(g.find(qs::TensorRole::MlpDown, 2)->type, qs::DType::Q4_K);
        QCOMPARE(g.find(qs::TensorRole::Embedding)->type, qs::DType::F16);
        QCOMPARE(report["tensors"].size(), size_t(39));
        QCOMPARE(report["totals"]["bytes_after"].get<uint64_t>() <= report["output_bytes"].get<uint64_t>(), true);
    }

    void ggufRefusesIntegerGrids() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("m.gguf").toStdString();
        try {
            run(uniform("rtn:4:g128:sym"), qs::ExportFormat::Gguf, out);
            QFAIL("expected an error");
        } catch (const qs::Error& e) {
            QVERIFY2(std::string(e.what()).find("not a GGUF type") != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists(out));
    }

    void gptqRoundTrip_data() {
        QTest::addColumn<QString>("spec");
        for (auto s : {"rtn:4:g128:sym", "rtn:4:g128:asym", "rtn:3:g128:sym", "rtn:2:g64:asym", "rtn:8:channel:sym"})
            QTest::newRow(s) << QString(s);
    }
    void gptqRoundTrip() {
        QFETCH(QString, spec);
        QTemporaryDir dir;
        const std::string out = dir.filePath("gptq").toStdString();
        const auto r = uniform(spec.toStdString());
        const auto report = run(r, qs::ExportFormat::HfGptq, out);
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), out, r, qs::ExportFormat::HfGptq)), QString());
        const auto config = qs::readJsonFile(out + "/config.json");
        const auto& qc = config["quantization_config"];
        QCOMPARE(qc["quant_method"], "gptq");
        QCOMPARE(qc["bits"].get<int>(), qs::QuantSpec::parse(spec.toStdString()).bits);
        QCOMPARE(qc["desc_act"], false);
        QCOMPARE(config["torch_dtype"], "float16");
        QCOMPARE(qs::readJsonFile(out + "/quantize_config.json"), qc);
        QVERIFY(fs::exists(out + "/tokenizer.model"));
        if (spec.contains(":sym")) QCOMPARE(qc["checkpoint_format"], "gptq"); // symmetric zeros are 2^(b−1) ≥ 1
        // The reader shows checkpoint layers as quantized tensors.
        const auto m = qs::loadModel(out);
        const auto* q = m.find(qs::TensorRole::AttnQ, 0);
        QVERIFY(q->packed);
        QVERIFY(q->typeLabel().rfind("gptq ", 0) == 0);
        QCOMPARE(m.find(qs::TensorRole::Embedding)->type, qs::DType::F16);
        QVERIFY(report["notes"].dump().find("checkpoint_format") != std::string::npos);
        // Older AutoGPTQ folders carry only quantize_config.json.
        auto bare = qs::readJsonFile(out + "/config.json");
        bare.erase("quantization_config");
        qs::test::writeFile(out + "/config.json", bare.dump());
        const auto old = qs::loadModel(out);
        QVERIFY(old.find(qs::TensorRole::AttnQ, 0)->packed);
        QVERIFY(old.readAll(*old.find(qs::TensorRole::MlpUp, 2)) == m.readAll(*m.find(qs::TensorRole::MlpUp, 2)));
    }

    void awqRoundTrip() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("awq").toStdString();
        const auto r = uniform("rtn:4:g128:asym");
        run(r, qs::ExportFormat::HfAwq, out);
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), out, r, qs::ExportFormat::HfAwq)), QString());
        const auto qc = qs::readJsonFile(out + "/config.json")["quantization_config"];
        QCOMPARE(qc["quant_method"], "awq");
        QCOMPARE(qc["version"], "gemm");
        QCOMPARE(qc["group_size"].get<int>(), 128);
        QVERIFY(qs::loadModel(out).find(qs::TensorRole::MlpUp, 1)->typeLabel() == "awq 4-bit g128");
    }

    void awqIsFourBitOnly() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(qs::Error, run(uniform("rtn:3:g128:asym"), qs::ExportFormat::HfAwq, dir.filePath("a").toStdString()));
        QVERIFY(fs::is_empty(dir.path().toStdString()));
    }

    void dequantRoundTripAndSharding() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("dq").toStdString();
        const auto r = recipe(R"({"quantscope_recipe": 1, "defaults": {"quant": "nf4"}, "rules": [
            {"match": {"role": "attn_v"}, "quant": "Q4_K"}, {"match": {"role": "output"}, "quant": "rtn:8:channel:sym"}]})");
        qs::HfExportOptions hf;
        hf.floatType = qs::DType::F32;
        hf.maxShardBytes = 4u << 20; // several shards with an index
        run(r, qs::ExportFormat::SafetensorsDequant, out, 2, hf);
        QVERIFY(fs::exists(out + "/model.safetensors.index.json"));
        QVERIFY(fs::exists(out + "/model-00001-of-00006.safetensors") || fs::exists(out + "/model-00001-of-00005.safetensors") ||
                fs::exists(out + "/model-00001-of-00007.safetensors"));
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), out, r, qs::ExportFormat::SafetensorsDequant)), QString());
        QCOMPARE(qs::readJsonFile(out + "/config.json")["torch_dtype"], "float32");
    }

    void sameBytesAtAnyThreadCount() {
        QTemporaryDir dir;
        for (auto [format, spec] : {std::pair{qs::ExportFormat::HfGptq, "rtn:4:g128:asym"}, std::pair{qs::ExportFormat::Gguf, "Q4_K"}}) {
            const std::string a = dir.filePath("a").toStdString(), b = dir.filePath("b").toStdString();
            run(uniform(spec), format, a, 1);
            run(uniform(spec), format, b, 3);
            QVERIFY(readTree(a) == readTree(b));
            fs::remove_all(a);
            fs::remove_all(b);
        }
    }

    void replacesAnEarlierOutputAndNeverTheSource() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("o").toStdString();
        run(uniform("rtn:4:g128:sym"), qs::ExportFormat::HfGptq, out);
        run(uniform("rtn:8:g128:sym"), qs::ExportFormat::HfGptq, out);
        QCOMPARE(qs::readJsonFile(out + "/config.json")["quantization_config"]["bits"].get<int>(), 8);
        QCOMPARE(std::distance(fs::directory_iterator(dir.path().toStdString()), fs::directory_iterator{}), 1L); // no leftovers
        QVERIFY_THROWS_EXCEPTION(qs::Error, run(uniform("Q4_K"), qs::ExportFormat::Gguf, model5m() + "/model.safetensors"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, run(uniform("rtn:4:g128:sym"), qs::ExportFormat::HfGptq, model5m()));
    }

    void cancelLeavesNothing() {
        QTemporaryDir dir;
        qs::CancelToken token;
        token.cancel();
        for (auto format : {qs::ExportFormat::Gguf, qs::ExportFormat::HfGptq}) {
            qs::RecipeRunOptions opt;
            opt.format = format;
            opt.output = dir.filePath("c").toStdString();
            qs::ThreadPool pool(2);
            QVERIFY_THROWS_EXCEPTION(qs::Cancelled, qs::runRecipe(model5m(), uniform(format == qs::ExportFormat::Gguf ? "Q4_K" : "rtn:4:g128:sym"),
                                                                  opt, pool, &token));
            QVERIFY(fs::is_empty(dir.path().toStdString()));
        }
    }

    void gptqPipelineRoundTrip() {
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        QTemporaryDir dir;
        const std::string out = dir.filePath("g").toStdString();
        const auto r = calibrated("gptq:4:g128:sym", R"(, "methods": {"gptq": {"act_order": true, "damp_percent": 0.02}})");
        run(r, qs::ExportFormat::HfGptq, out);
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), out, r, qs::ExportFormat::HfGptq)), QString());
        const auto qc = qs::readJsonFile(out + "/quantize_config.json");
        QCOMPARE(qc["desc_act"], true); // act-order groups travel in g_idx
        QCOMPARE(qc["damp_percent"].get<double>(), 0.02);
        const auto m = qs::loadModel(out);
        const auto& gIdx = m.find(qs::TensorRole::MlpDown, 0)->packed->gIdx;
        QVERIFY(!std::is_sorted(gIdx.begin(), gIdx.end()));
    }

    void gptqOntoGgufTypes() {
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        QTemporaryDir dir;
        const std::string out = dir.filePath("g.gguf").toStdString();
        const auto r = calibrated("gptq:Q4_K");
        run(r, qs::ExportFormat::Gguf, out);
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), out, r, qs::ExportFormat::Gguf)), QString());
        QCOMPARE(qs::loadModel(out).find(qs::TensorRole::AttnQ, 1)->type, qs::DType::Q4_K);
    }

    void awqExports() {
        QS_REQUIRE_SHARED("data/eval-persuasion.txt");
        QTemporaryDir dir;
        const std::string text = qs::test::sharedPath("data/eval-persuasion.txt");
        const auto r = calibrated("awq:4:g128:asym", R"(, "evaluation": {"text": ")" + text + R"(", "ctx": 128, "chunks": 2, "kld": false})");
        // safetensors-dequant in F32 holds the effective weights exactly.
        const std::string dq = dir.filePath("dq").toStdString();
        qs::HfExportOptions f32;
        f32.floatType = qs::DType::F32;
        const auto report = run(r, qs::ExportFormat::SafetensorsDequant, dq, 2, f32);
        QCOMPARE(QString::fromStdString(compareWithPlan(model5m(), dq, r, qs::ExportFormat::SafetensorsDequant)), QString());
        // hf-awq stores Q(W·s) with 1/s folded into the norms and up_proj rows: the same model up to fp16 rounding.
        const std::string awq = dir.filePath("awq").toStdString();
        const auto awqReport = run(r, qs::ExportFormat::HfAwq, awq);
        QVERIFY(awqReport["notes"].dump().find("folded") != std::string::npos);
        const auto m = qs::loadModel(awq);
        const auto input = qs::loadEvalInput({&m}, text, "");
        qs::ThreadPool pool(2);
        qs::ModelWeights w(m);
        qs::Forward f(w, pool);
        qs::EvalOptions eo;
        eo.ctx = 128;
        eo.maxChunks = 2;
        const double ppl = qs::computePerplexity(f, input.ids, eo, input.bosId).ppl, planned = report["evaluation"]["ppl"];
        QVERIFY2(std::abs(ppl / planned - 1) < 1e-2, (std::to_string(ppl) + " vs " + std::to_string(planned)).c_str());
        // GGUF cannot hold AWQ's scales yet: refused before any work.
        try {
            run(calibrated("awq:Q4_K"), qs::ExportFormat::Gguf, dir.filePath("a.gguf").toStdString());
            QFAIL("expected an error");
        } catch (const qs::Error& e) {
            QVERIFY(std::string(e.what()).find("AWQ") != std::string::npos);
        }
    }

    void imatrixRecipeMatchesLlamaQuantize() {
        QS_REQUIRE_SHARED("reference/imatrix/austen-5m-Q4_K-imatrix-pure.gguf");
        QTemporaryDir dir;
        const std::string out = dir.filePath("i.gguf").toStdString(), text = qs::test::sharedPath("data/eval-persuasion.txt");
        const auto r = recipe(R"({"quantscope_recipe": 1, "defaults": {"quant": "Q4_K"},
            "imatrix": ")" + qs::test::sharedPath("reference/imatrix/imatrix-austen-5m.dat") + R"(",
            "evaluation": {"text": ")" + text + R"(", "ctx": 128, "chunks": 2, "kld": false}})");
        const auto report = run(r, qs::ExportFormat::Gguf, out);
        const auto got = qs::GgufFile::open(out);
        const auto ref = qs::GgufFile::open(qs::test::sharedPath("reference/imatrix/austen-5m-Q4_K-imatrix-pure.gguf"));
        for (auto& t : ref->tensors()) {
            const auto* g = got->findTensor(t.name);
            QVERIFY2(g && g->type == t.type && std::memcmp(got->tensorData(*g), ref->tensorData(t), t.nbytes) == 0, t.name.c_str());
        }
        // The in-memory evaluation used the same weighted quantizers.
        const auto m = qs::loadModel(out);
        const auto input = qs::loadEvalInput({&m}, text, "");
        qs::ThreadPool pool(2);
        qs::ModelWeights w(m);
        qs::Forward f(w, pool);
        qs::EvalOptions eo;
        eo.ctx = 128;
        eo.maxChunks = 2;
        QCOMPARE(qs::computePerplexity(f, input.ids, eo, input.bosId).ppl, report["evaluation"]["ppl"].get<double>());
    }

    void evaluationMatchesTheExportedFile() {
        QS_REQUIRE_SHARED("data/eval-persuasion.txt");
        QTemporaryDir dir;
        const std::string out = dir.filePath("e.gguf").toStdString();
        const std::string text = qs::test::sharedPath("data/eval-persuasion.txt");
        const auto r = recipe(R"({"quantscope_recipe": 1, "defaults": {"mixture": "Q4_K_M"},
            "evaluation": {"text": ")" + text + R"(", "ctx": 128, "chunks": 3, "kld": true}})");
        const auto report = run(r, qs::ExportFormat::Gguf, out);
        const auto& ev = report["evaluation"];
        QCOMPARE(ev["chunks"].get<int>(), 3);
        QVERIFY(ev["kld"]["mean"].get<double>() > 0);
        QVERIFY(ev["ppl_ratio"].get<double>() > 0.95 && ev["ppl_ratio"].get<double>() < 1.2); // Q4_K_M costs little
        // The exported file evaluated on its own gives the same perplexity as the in-memory plan.
        const auto g = qs::loadModel(out);
        const auto input = qs::loadEvalInput({&g}, text, "");
        qs::ThreadPool pool(2);
        qs::ModelWeights w(g);
        qs::Forward f(w, pool);
        qs::EvalOptions eo;
        eo.ctx = 128;
        eo.maxChunks = 3;
        QCOMPARE(qs::computePerplexity(f, input.ids, eo, input.bosId).ppl, ev["ppl"].get<double>());
    }
};

QTEST_GUILESS_MAIN(TestRecipeExport)
#include "test_recipe_export.moc"
