// qs-label: nosan
// imatrix, sensitivity, autoplan and bench plan from the command line on austen-5m with few chunks: files,
// caching (a rerun measures nothing), refusals (other settings, other model), bad input (exit 2, one line
// naming the file and the entry), and the budget minimum.
#include "core/formats/gguf.h"
#include "core/formats/imatrix.h"
#include "core/plan/recipe.h"
#include "tests/support/gguf_compare.h"
#include "tests/support/support.h"
#include "tests/support/tiny_model.h"

#include <QtTest>
#include <map>
#include <nlohmann/json.hpp>

namespace {

QString shared(const char* rel) { return QString::fromStdString(qs::test::sharedPath(rel)); }

bool oneLine(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }

} // namespace

class TestCliPlan : public QObject {
    Q_OBJECT
private slots:
    void imatrixCommand() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const QString out = dir.filePath("i.dat");
        auto r = qs::test::runCli({"imatrix", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt"), "--chunks", "4",
                                   "--out", out, "--threads", "2"});
        QCOMPARE(r.exitCode, 0);
        const qs::Imatrix m = qs::readImatrix(out.toStdString());
        QCOMPARE(m.entries.size(), size_t(28));
        QCOMPARE(m.chunkCount, 4);
        // From a calibrate output: E[x²] × ncall, ncall = samples.
        const QString calib = dir.filePath("c.safetensors"), out2 = dir.filePath("j.dat");
        r = qs::test::runCli({"calibrate", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt"), "--samples", "3",
                              "--seq-len", "64", "--no-hessian", "--out", calib});
        QCOMPARE(r.exitCode, 0);
        r = qs::test::runCli({"imatrix", shared("models/austen-5m"), "--calib", calib, "--out", out2});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(qs::readImatrix(out2.toStdString()).chunkCount, 3);
    }

    // GPTQ and AWQ of each matrix alone onto the candidates' blocks: every matrix measured, no error larger than
    // RTN's on average (they minimise the output error RTN only rounds), a measurement of another method refused,
    // and an imatrix with them refused with a clear message.
    void sensitivityGptqAwq() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        std::map<std::string, nlohmann::json> byMethod;
        for (const char* method : {"rtn", "gptq", "awq"}) {
            const QString out = dir.filePath(QString("m-%1.json").arg(method));
            auto r = qs::test::runCli({"sensitivity", shared("models/austen-5m"), "--calib", shared("data/calib-austen.txt"), "--text",
                                       shared("data/calib-austen.txt"), "--candidates", "Q3_K,Q4_0", "--method", method, "--chunks", "1",
                                       "--ctx", "64", "--samples", "4", "--seq-len", "128", "--out", out, "--threads", "2", "--quiet"});
            QVERIFY2(r.exitCode == 0, r.err.c_str());
            QVERIFY2(r.out.find("60 new measurements") != std::string::npos, r.out.c_str());
            byMethod[method] = nlohmann::json::parse(qs::test::readFile(out.toStdString()));
            QCOMPARE(byMethod[method]["settings"]["method"].get<std::string>(), std::string(method));
        }
        for (const char* method : {"gptq", "awq"}) {
            double ours = 0, rtn = 0;
            const auto& a = byMethod[method]["tensors"];
            const auto& b = byMethod["rtn"]["tensors"];
            for (size_t i = 0; i < a.size(); ++i) {
                if (a[i]["role"] == "embedding") { // a lookup: RTN whatever the method
                    QCOMPARE(a[i]["results"]["Q3_K"]["kld"].get<double>(), b[i]["results"]["Q3_K"]["kld"].get<double>());
                    continue;
                }
                ours += a[i]["results"]["Q3_K"]["rel_output_error"].get<double>();
                rtn += b[i]["results"]["Q3_K"]["rel_output_error"].get<double>();
            }
            QVERIFY2(ours < rtn, (std::string(method) + ": " + std::to_string(ours) + " vs rtn " + std::to_string(rtn)).c_str());
        }
        // The rtn file is not reused for gptq.
        auto r = qs::test::runCli({"sensitivity", shared("models/austen-5m"), "--calib", shared("data/calib-austen.txt"), "--text",
                                   shared("data/calib-austen.txt"), "--candidates", "Q3_K,Q4_0", "--method", "gptq", "--chunks", "1",
                                   "--ctx", "64", "--samples", "4", "--seq-len", "128", "--out", dir.filePath("m-rtn.json"), "--quiet"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err) && r.err.find("other settings") != std::string::npos, r.err.c_str());
        r = qs::test::runCli({"sensitivity", shared("models/austen-5m"), "--calib", shared("data/calib-austen.txt"), "--text",
                              shared("data/calib-austen.txt"), "--method", "awq", "--imatrix", dir.filePath("none.dat")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err) && r.err.find("cannot use an imatrix") != std::string::npos, r.err.c_str());
        r = qs::test::runCli({"sensitivity", shared("models/austen-5m"), "--calib", shared("data/calib-austen.txt"), "--text",
                              shared("data/calib-austen.txt"), "--method", "hqq"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err) && r.err.find("rtn, gptq or awq") != std::string::npos, r.err.c_str());
    }

    void sensitivityAutoplanFlow() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const QString imatrix = dir.filePath("i.dat"), meas = dir.filePath("m.json"), recipe = dir.filePath("r.json");
        QCOMPARE(qs::test::runCli({"imatrix", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt"), "--chunks", "4",
                                   "--out", imatrix}).exitCode, 0);
        const QStringList sens = {"sensitivity", shared("models/austen-5m"), "--calib", shared("data/calib-austen.txt"), "--text",
                                  shared("data/eval-persuasion.txt"), "--candidates", "Q2_K,Q4_K,Q8_0", "--imatrix", imatrix,
                                  "--chunks", "1", "--samples", "2", "--out", meas, "--threads", "2", "--quiet"};
        auto r = qs::test::runCli(sens);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.find("90 new measurements") != std::string::npos, r.out.c_str()); // 30 matrices × 3 types
        auto j = nlohmann::json::parse(qs::test::readFile(meas.toStdString()));
        QCOMPARE(j["tensors"].size(), size_t(30));
        for (auto& t : j["tensors"]) {
            const auto& q2 = t["results"]["Q2_K"];
            const auto& q8 = t["results"]["Q8_0"];
            QVERIFY(q2["kld"].get<double>() > q8["kld"].get<double>());
            QCOMPARE(q2["rel_output_error"].is_null(), t["role"] == "embedding"); // token_embd: KLD only
        }
        r = qs::test::runCli(sens); // cached: nothing measured again
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.find("0 new measurements") != std::string::npos, r.out.c_str());
        QStringList other = sens;
        other[other.indexOf("--chunks") + 1] = "2";
        r = qs::test::runCli(other); // other settings: refused, not reused
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err) && r.err.find("m.json: measured with other settings") != std::string::npos, r.err.c_str());

        r = qs::test::runCli({"autoplan", shared("models/austen-5m"), "--measurement", meas, "--target-bpw", "4.5", "--out", recipe,
                              "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const qs::Recipe rec = qs::loadRecipe(recipe.toStdString());
        QCOMPARE(rec.imatrix.empty(), false);
        r = qs::test::runCli({"plan", shared("models/austen-5m"), "--recipe", recipe});
        QCOMPARE(r.exitCode, 0);
        r = qs::test::runCli({"autoplan", shared("models/austen-5m"), "--measurement", meas, "--target-size", "1000", "--out", recipe});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err) && r.err.find("below the smallest possible size") != std::string::npos, r.err.c_str());
        // Another model: refused.
        const std::string tiny = dir.filePath("tiny").toStdString();
        QDir().mkpath(QString::fromStdString(tiny));
        qs::test::writeTinyModel(tiny, false);
        r = qs::test::runCli({"autoplan", QString::fromStdString(tiny), "--measurement", meas, "--target-bpw", "4", "--out", recipe});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(oneLine(r.err) && r.err.find("measured for another model") != std::string::npos, r.err.c_str());
    }

    void badImatrixInput() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const QString good = dir.filePath("good.dat");
        QCOMPARE(qs::test::runCli({"imatrix", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt"), "--chunks", "1",
                                   "--out", good}).exitCode, 0);
        const qs::Imatrix m = qs::readImatrix(good.toStdString());
        auto sens = [&](const QString& imatrix) {
            return qs::test::runCli({"sensitivity", shared("models/austen-5m"), "--calib", shared("data/calib-austen.txt"), "--text",
                                     shared("data/eval-persuasion.txt"), "--candidates", "Q4_K", "--imatrix", imatrix, "--chunks", "1",
                                     "--quiet"});
        };
        auto expect = [&](const char* file, const qs::test::CliResult& r, const std::string& what) {
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(oneLine(r.err) && r.err.find(file) != std::string::npos && r.err.find(what) != std::string::npos, r.err.c_str());
        };
        auto bytes = qs::serializeImatrix(m);
        bytes.resize(bytes.size() / 2);
        qs::test::writeFile(dir.filePath("trunc.dat").toStdString(), bytes);
        expect("trunc.dat", sens(dir.filePath("trunc.dat")), "truncated");

        qs::Imatrix renamed = m;
        renamed.entries["blk.9.attn_q.weight"] = renamed.entries.begin()->second;
        qs::writeImatrix(renamed, dir.filePath("names.dat").toStdString());
        expect("names.dat", sens(dir.filePath("names.dat")), "'blk.9.attn_q.weight' matches no weight");

        qs::Imatrix shortEntry = m;
        shortEntry.entries["blk.0.ffn_down.weight"].values.resize(256);
        qs::writeImatrix(shortEntry, dir.filePath("len.dat").toStdString());
        expect("len.dat", sens(dir.filePath("len.dat")), "'blk.0.ffn_down.weight' has 256 values");

        for (auto [file, v] : {std::pair{"nan.dat", std::nanf("")}, {"neg.dat", -1.0f}}) {
            qs::Imatrix bad = m;
            bad.entries["blk.1.attn_k.weight"].values[7] = v;
            qs::writeImatrix(bad, dir.filePath(file).toStdString());
            expect(file, sens(dir.filePath(file)), "blk.1.attn_k.weight");
        }
    }

    // The recipe field `imatrix` (what autoplan writes) quantizes exactly as llama-quantize --imatrix.
    void recipeImatrixIsByteExact() {
        QS_REQUIRE_SHARED("reference/imatrix/austen-5m-Q4_K-imatrix-pure.gguf");
        QTemporaryDir dir;
        const QString recipe = dir.filePath("r.json"), out = dir.filePath("o.gguf");
        qs::test::writeFile(recipe.toStdString(), std::string(R"({"quantscope_recipe": 1, "defaults": {"quant": "Q4_K"}, "imatrix": ")") +
                                                      qs::test::sharedPath("reference/imatrix/imatrix-austen-5m.dat") + "\"}");
        auto r = qs::test::runCli({"quantize", shared("models/austen-5m-f16.gguf"), "--recipe", recipe, "--out", out, "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const auto got = qs::GgufFile::open(out.toStdString());
        const auto ref = qs::GgufFile::open(qs::test::sharedPath("reference/imatrix/austen-5m-Q4_K-imatrix-pure.gguf"));
        const std::string diff = qs::test::compareTensors(*got, *ref);
        QVERIFY2(diff.empty(), diff.c_str());
    }

    void benchPlanQuick() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const QString json = dir.filePath("plan.json");
        auto r = qs::test::runCli({"bench", "plan", "--models", shared("models/austen-5m"), "--chunks", "2", "--sens-chunks", "1",
                                   "--imatrix-chunks", "8", "--curve-points", "2", "--json", json, "--threads", "2"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.find("Q4_K_M (llama.cpp)") != std::string::npos, r.out.c_str());
        auto j = nlohmann::json::parse(qs::test::readFile(json.toStdString()));
        QCOMPARE(j["models"][0]["rows"].size(), size_t(3));
        for (auto& row : j["models"][0]["rows"]) QVERIFY(row["autoplan"]["bytes"] <= row["llama"]["bytes"]);
        QCOMPARE(j["models"][0]["curve"].size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestCliPlan)
#include "test_cli_plan.moc"
