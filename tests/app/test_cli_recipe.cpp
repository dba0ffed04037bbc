// CLI: plan, quantize --recipe, report.
#include "tests/support/support.h"

#include <QtTest>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace {
QString model5m() { return QString::fromStdString(qs::test::sharedPath("models/austen-5m")); }
} // namespace

class TestCliRecipe : public QObject {
    Q_OBJECT
private slots:
    void init() {
        if (!qs::test::sharedExists("models/austen-5m")) QSKIP("shared model missing");
    }

    void planTableAndJson() {
        auto r = qs::test::runCli({"plan", model5m(), "--recipe", "Q4_K_M"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.find("model.layers.3.self_attn.v_proj.weight") != std::string::npos);
        QVERIFY(r.out.find("Q6_K") != std::string::npos);
        QVERIFY(r.out.find("bits per weight") != std::string::npos);
        r = qs::test::runCli({"plan", model5m(), "--recipe", "w4a16-g128-gptq", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["tensors"].size(), size_t(39));
        QCOMPARE(j["needs_calibration"], true);
        QVERIFY(j["bits_per_weight"].get<double>() > 4 && j["bits_per_weight"].get<double>() < 10); // F16 embeddings and head are 40 % of this small model
        // Checked against a format before anything runs.
        r = qs::test::runCli({"plan", model5m(), "--recipe", "w4a16-g128-gptq", "--format", "hf-gptq"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.find("gptq:4:g128:sym:s16") != std::string::npos);
        r = qs::test::runCli({"plan", model5m(), "--recipe", "w4a16-g128-gptq", "--format", "gguf"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("not a GGUF type") != std::string::npos, r.err.c_str());
        r = qs::test::runCli({"plan", model5m(), "--recipe", "w3-g128-gptq", "--format", "hf-awq"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("4-bit groups only") != std::string::npos, r.err.c_str());
    }

    void badRecipeIsOneLine() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.json").toStdString();
        qs::test::writeFile(path, std::string(R"({"quantscope_recipe": 1, "defaults": {"keep": "f16"},
            "rules": [{"match": {"role": "attn_v"}, "quant": "rtn:4:g7"}]})"));
        auto r = qs::test::runCli({"plan", model5m(), "--recipe", QString::fromStdString(path)});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find(path + ": rule 1") != std::string::npos, r.err.c_str());
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
        r = qs::test::runCli({"quantize", model5m(), "--recipe", "nope", "--out", dir.filePath("x")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.find("presets:") != std::string::npos);
    }

    void quantizeRecipeWritesReport() {
        QTemporaryDir dir;
        const QString out = dir.filePath("w8"), report = dir.filePath("r.json");
        auto r = qs::test::runCli({"quantize", model5m(), "--recipe", "w8-per-channel", "--format", "hf-gptq", "--out", out,
                                   "--report", report, "--threads", "2"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(std::filesystem::exists(out.toStdString() + "/model.safetensors"));
        const auto j = nlohmann::json::parse(qs::test::readFile(report.toStdString()));
        QCOMPARE(j["format"], "hf-gptq");
        QCOMPARE(j["tensors"].size(), size_t(39));
        QVERIFY(j["machine"].contains("simd"));
        QVERIFY(j["stages"].contains("quantize") && j["stages"].contains("export"));
        QVERIFY(j["plan"]["tensors"][0]["spec"].is_string());
        auto p = qs::test::runCli({"report", report});
        QCOMPARE(p.exitCode, 0);
        QVERIFY(p.out.find("w8-per-channel") != std::string::npos);
        QVERIFY(p.out.find("sqnr dB") != std::string::npos);
        // The checkpoint opens as quantized tensors.
        auto inspect = qs::test::runCli({"inspect", out});
        QCOMPARE(inspect.exitCode, 0);
        QVERIFY2(inspect.out.find("gptq 8-bit channel") != std::string::npos, inspect.out.c_str());
    }

    void ctrlCLeavesNothing() {
        QS_REQUIRE_SHARED("data/calib-austen.txt");
        QTemporaryDir dir;
        const QString out = dir.filePath("g");
        QProcess p;
        p.start(QStringLiteral(QS_CLI_PATH), {"quantize", model5m(), "--recipe", "w4a16-g128-gptq", "--format", "hf-gptq", "--out", out,
                                              "--calib-text", QString::fromStdString(qs::test::sharedPath("data/calib-austen.txt"))});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500); // inside calibration / GPTQ
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(p.readAllStandardError().contains("cancelled"));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }

    void typeStillWorksAndConflicts() {
        QTemporaryDir dir;
        auto r = qs::test::runCli({"quantize", model5m(), "--type", "Q8_0", "--out", dir.filePath("q.gguf"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        r = qs::test::runCli({"quantize", model5m(), "--type", "Q8_0", "--recipe", "Q6_K", "--out", dir.filePath("q.gguf")});
        QCOMPARE(r.exitCode, 2);
        r = qs::test::runCli({"quantize", model5m(), "--recipe", "w4a16-g128-gptq", "--out", dir.filePath("g")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("calibration") != std::string::npos || r.err.find("not a GGUF type") != std::string::npos, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCliRecipe)
#include "test_cli_recipe.moc"
