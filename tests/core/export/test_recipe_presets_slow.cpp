// qs-label: nosan
// Every shipped preset on both shared models: quantize with a shortened calibration, evaluate in memory,
// export to its natural format, reopen, and check the file against the plan and the quality against the
// unquantized model.
#include "core/plan/presets.h"
#include "core/plan/resolved_plan.h"
#include "core/plan/run_recipe.h"
#include "core/runtime/eval_input.h"
#include "core/runtime/perplexity.h"
#include "core/util/thread_pool.h"
#include "tests/support/support.h"

#include <QtTest>

class TestRecipePresetsSlow : public QObject {
    Q_OBJECT
private slots:
    void preset_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("format");
        QTest::addColumn<double>("maxPplRatio");
        for (auto model : {"austen-5m", "austen-29m"}) {
            for (auto [preset, format, ratio] : {std::tuple{"Q2_K", "gguf", 1.5}, {"Q3_K_M", "gguf", 1.15}, {"Q4_K_M", "gguf", 1.05},
                                                 {"Q5_K_M", "gguf", 1.02}, {"Q6_K", "gguf", 1.01}, {"w4a16-g128-gptq", "hf-gptq", 1.1},
                                                 {"w4a16-g128-awq", "hf-awq", 1.1}, {"w8-per-channel", "hf-gptq", 1.01},
                                                 {"w3-g128-gptq", "hf-gptq", 1.4}})
                QTest::newRow((std::string(model) + " " + preset).c_str()) << QString(model) << QString(preset) << QString(format) << ratio;
        }
    }
    void preset() {
        QFETCH(QString, model);
        QFETCH(QString, preset);
        QFETCH(QString, format);
        QFETCH(double, maxPplRatio);
        QS_REQUIRE_SHARED("data/eval-persuasion.txt");
        const std::string source = qs::test::sharedPath("models/" + model.toStdString());
        qs::Recipe r = qs::loadRecipe(preset.toStdString());
        if (r.calibration) { // shortened so that the whole table runs in minutes
            r.calibration->samples = 32;
            r.calibration->seqLen = 256;
        }
        r.evaluation = qs::EvaluationSettings{qs::test::sharedPath("data/eval-persuasion.txt"), 256, 8, true};
        QTemporaryDir dir;
        qs::RecipeRunOptions opt;
        opt.format = *qs::parseExportFormat(format.toStdString());
        opt.output = dir.filePath("out").toStdString();
        opt.calibText = qs::test::sharedPath("data/calib-austen.txt");
        qs::ThreadPool pool(0);
        const auto report = qs::runRecipe(source, r, opt, pool);
        const auto& ev = report["evaluation"];
        const double ratio = ev["ppl_ratio"];
        qInfo("%s %s: ppl %.3f (base %.3f), KLD %.5f, %.3f bits per weight", qPrintable(model), qPrintable(preset), ev["ppl"].get<double>(),
              ev["ppl_base"].get<double>(), ev["kld"]["mean"].get<double>(), report["totals"]["bits_per_weight"].get<double>());
        QVERIFY2(ratio < maxPplRatio, std::to_string(ratio).c_str());

        // The exported file, evaluated on its own.
        const auto out = qs::loadModel(opt.output);
        if (opt.format == qs::ExportFormat::Gguf) {
            const auto m = qs::loadModel(source);
            const auto types = qs::ggufTypes(m, qs::resolvePlan(m, r));
            for (size_t i = 0; i < m.tensors().size(); ++i) {
                const auto& t = m.tensors()[i];
                if (t.shape.size() == 2) QCOMPARE(out.find(t.role, t.block, t.isBias)->type, types[i]);
            }
        }
        const auto input = qs::loadEvalInput({&out}, qs::test::sharedPath("data/eval-persuasion.txt"), "");
        qs::ModelWeights w(out);
        qs::Forward f(w, pool);
        qs::EvalOptions eo;
        eo.ctx = 256;
        eo.maxChunks = 8;
        const double ppl = qs::computePerplexity(f, input.ids, eo, input.bosId).ppl;
        // GGUF, GPTQ and dequantized files hold exactly the planned weights; AWQ folds 1/s through fp16 and
        // BF16 sources are stored as F16 in GPTQ/AWQ checkpoints.
        const bool exact = opt.format == qs::ExportFormat::Gguf || (model == "austen-5m" && opt.format == qs::ExportFormat::HfGptq);
        if (exact) QCOMPARE(ppl, ev["ppl"].get<double>());
        else QVERIFY2(std::abs(ppl / ev["ppl"].get<double>() - 1) < 1e-2, std::to_string(ppl).c_str());
    }
};

QTEST_GUILESS_MAIN(TestRecipePresetsSlow)
#include "test_recipe_presets_slow.moc"
