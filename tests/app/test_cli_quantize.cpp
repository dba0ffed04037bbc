#include "core/formats/gguf.h"
#include "tests/support/support.h"
#include "tests/support/tiny_model.h"

#include <QtTest>
#include <nlohmann/json.hpp>

class TestCliQuantize : public QObject {
    Q_OBJECT
private slots:
    void quantizeWithReport() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const QString out = dir.filePath("q.gguf"), report = dir.filePath("r.json");
        auto r = qs::test::runCli({"quantize", QString::fromStdString(qs::test::sharedPath("models/austen-5m")), "--type", "Q4_0",
                                   "--out", out, "--report", report, "--threads", "2"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.find("wrote") != std::string::npos);
        auto j = nlohmann::json::parse(qs::test::readFile(report.toStdString()));
        QCOMPARE(j["tensors"].size(), size_t(39));
        for (auto& t : j["tensors"]) {
            if (t["type"] != "Q4_0") continue;
            QVERIFY(t.contains("error"));
            const double rmse = t["error"]["rmse"], mse = t["error"]["mse"];
            QVERIFY(std::abs(rmse * rmse - mse) < 1e-12);
            QVERIFY(t["error"]["sqnr_db"].get<double>() > 10); // 4-bit blocks: about 20 dB on these weights
            QCOMPARE(t["bits_per_weight"].get<double>(), 4.5);
        }
        auto g = qs::GgufFile::open(out.toStdString());
        QCOMPARE(g->getInt("general.file_type"), 2);
    }

    void mixtureName() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        QTemporaryDir dir;
        const QString out = dir.filePath("m.gguf");
        auto r = qs::test::runCli({"quantize", QString::fromStdString(qs::test::sharedPath("models/austen-5m-f16.gguf")), "--type",
                                   "Q4_K_M", "--out", out, "--quiet"});
        QCOMPARE(r.exitCode, 0);
        auto g = qs::GgufFile::open(out.toStdString());
        QCOMPARE(g->findTensor("blk.3.ffn_down.weight")->type, qs::DType::Q6_K);
        QCOMPARE(g->findTensor("blk.0.ffn_down.weight")->type, qs::DType::Q4_K);
    }

    void refusesNonFiniteWeights() {
        QTemporaryDir dir;
        const std::string model = dir.filePath("nan-model").toStdString();
        QDir().mkpath(QString::fromStdString(model));
        qs::test::writeTinyModel(model, false, true);
        const QString out = dir.filePath("nan.gguf");
        auto r = qs::test::runCli({"quantize", QString::fromStdString(model), "--type", "Q8_0", "--out", out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.find("model.layers.0.mlp.up_proj.weight: non-finite weight at row 1, column 2") != std::string::npos, r.err.c_str());
        QVERIFY(!QFile::exists(out));
        r = qs::test::runCli({"quantize", QString::fromStdString(model), "--type", "Q8_0", "--out", out, "--keep-going", "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.find("kept as F32") != std::string::npos);
        auto g = qs::GgufFile::open(out.toStdString());
        QCOMPARE(g->findTensor("blk.0.ffn_up.weight")->type, qs::DType::F32);
        // Rows of 8 do not fit a 32-element block: the others fall back to F16 with a warning.
        QCOMPARE(g->findTensor("blk.0.ffn_gate.weight")->type, qs::DType::F16);
        QVERIFY(r.err.find("fell back to F16") != std::string::npos);
    }

    void badArguments() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const QString m = QString::fromStdString(qs::test::sharedPath("models/austen-5m"));
        for (const QStringList& args : {QStringList{"quantize", m, "--type", "Q7_X", "--out", "/tmp/x.gguf"},
                                        QStringList{"quantize", m, "--out", "/tmp/x.gguf"},
                                        QStringList{"quantize", m, "--type", "Q4_0"},
                                        QStringList{"quantize", m, "--type", "Q4_0", "--out", "/nonexistent-dir/x.gguf"}}) {
            auto r = qs::test::runCli(args);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliQuantize)
#include "test_cli_quantize.moc"
