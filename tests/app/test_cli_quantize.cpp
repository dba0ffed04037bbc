#include "core/formats/gguf.h"
#include "core/formats/imatrix.h"
#include "tests/support/gguf_compare.h"
#include "tests/support/support.h"
#include "tests/support/tiny_model.h"

#include <QtTest>
#include <cstring>
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

    void withImatrix() {
        QS_REQUIRE_SHARED("reference/imatrix/imatrix-austen-5m.dat");
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const QString model = QString::fromStdString(qs::test::sharedPath("models/austen-5m-f16.gguf"));
        const QString imatrix = QString::fromStdString(qs::test::sharedPath("reference/imatrix/imatrix-austen-5m.dat"));
        QTemporaryDir dir;
        const QString out = dir.filePath("q.gguf"), report = dir.filePath("r.json");
        for (const char* type : {"Q4_K", "Q4_K_M"}) {
            auto r = qs::test::runCli({"quantize", model, "--type", type, "--imatrix", imatrix, "--out", out, "--report", report, "--quiet"});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.err.find("output.weight: no imatrix entry") != std::string::npos, r.err.c_str());
            const std::string refRel = std::string("reference/imatrix/austen-5m-") + (std::string(type) == "Q4_K" ? "Q4_K-imatrix-pure" : "Q4_K_M-imatrix") + ".gguf";
            auto got = qs::GgufFile::open(out.toStdString());
            auto ref = qs::GgufFile::open(qs::test::sharedPath(refRel));
            QCOMPARE(QString::fromStdString(qs::test::compareTensors(*got, *ref)), QString());
            QCOMPARE(got->getString("quantize.imatrix.file"), imatrix.toStdString().substr(0, 127));
            auto j = nlohmann::json::parse(qs::test::readFile(report.toStdString()));
            for (auto& t : j["tensors"]) {
                const std::string name = t["name"];
                QCOMPARE(t["imatrix"].get<bool>(), name.rfind("blk.", 0) == 0 && t["type"] != "F32");
            }
        }
    }

    void badImatrix() {
        QS_REQUIRE_SHARED("reference/imatrix/imatrix-austen-5m.dat");
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const QString model = QString::fromStdString(qs::test::sharedPath("models/austen-5m-f16.gguf"));
        QTemporaryDir dir;
        const std::string good = qs::test::sharedPath("reference/imatrix/imatrix-austen-5m.dat");
        auto bytes = qs::test::readFile(good);
        const std::string truncated = dir.filePath("truncated.dat").toStdString();
        qs::test::writeFile(truncated, std::vector<uint8_t>(bytes.begin(), bytes.begin() + 1000));
        auto m = qs::readImatrix(good);
        m.entries["blk.1.attn_k.weight"].values.resize(100);
        const std::string shortEntry = dir.filePath("short.dat").toStdString();
        qs::writeImatrix(m, shortEntry);
        m = qs::readImatrix(good);
        m.entries["blk.7.attn_k.weight"] = m.entries["blk.1.attn_k.weight"];
        const std::string foreign = dir.filePath("foreign.dat").toStdString();
        qs::writeImatrix(m, foreign);
        const std::string negative = dir.filePath("negative.dat").toStdString();
        const float minusOne = -1.0f;
        std::memcpy(bytes.data() + 4 + 4 + 21 + 8 + 4 * 5, &minusOne, 4); // value 5 of the first entry
        qs::test::writeFile(negative, bytes);
        const QString out = dir.filePath("x.gguf");
        for (auto [file, what] : {std::pair{truncated, std::string("file truncated")},
                                  std::pair{shortEntry, std::string("entry 'blk.1.attn_k.weight' has 100 values, but the tensor has 256")},
                                  std::pair{foreign, std::string("entry 'blk.7.attn_k.weight' matches no weight")},
                                  std::pair{negative, std::string("entry 0 (blk.3.ffn_down.weight): value 5 is -1")},
                                  std::pair{dir.filePath("missing.dat").toStdString(), std::string("cannot open")}}) {
            auto r = qs::test::runCli({"quantize", model, "--type", "Q4_K", "--imatrix", QString::fromStdString(file), "--out", out});
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
            QVERIFY2(r.err.find(file + ": ") != std::string::npos && r.err.find(what) != std::string::npos, r.err.c_str());
            QVERIFY(!QFile::exists(out));
        }
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
