// qs-label: nosan  (runs the CLI's forward passes)
#include "core/runtime/calibration.h"
#include "tests/core/runtime/runtime_support.h"

#include <QtTest>
#include <filesystem>

using qs::test::reference;
using qs::test::runCli;
using qs::test::sharedPath;

namespace {

QString shared(const std::string& rel) { return QString::fromStdString(sharedPath(rel)); }

nlohmann::json parseJson(const qs::test::CliResult& r) { return nlohmann::json::parse(r.out); }

void expectOneLineError(const qs::test::CliResult& r, const char* needle) {
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.rfind("error: ", 0) == 0, r.err.c_str());
    QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    QVERIFY2(r.err.find(needle) != std::string::npos, r.err.c_str());
}

} // namespace

class TestCliEval : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!qs::test::sharedExists("models/austen-5m") || !qs::test::sharedExists("reference/reference.json"))
            QSKIP("shared models missing");
    }

    void pplJsonMatchesReference() {
        const auto r = runCli({"ppl", shared("models/austen-5m"), "--text", shared("data/eval-persuasion.txt"), "--chunks", "16",
                               "--threads", "2", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = parseJson(r);
        const auto& ref = reference()["ppl"]["austen-5m"]["first_16_chunks"];
        QVERIFY(std::fabs(j["ppl"].get<double>() / ref["ppl"].get<double>() - 1) < 1e-5);
        QVERIFY(std::fabs(j["ppl_stderr"].get<double>() / ref["ppl_stderr"].get<double>() - 1) < 1e-4);
        QCOMPARE(j["tokens_scored"].get<int64_t>(), int64_t(2032));
        QCOMPARE(j["chunks"].get<int64_t>(), int64_t(16));
        QVERIFY(j["tokens_per_second"].get<double>() > 0);
    }

    void pplFromTokenFileAndGguf() {
        QTemporaryDir dir;
        const auto& ids = qs::test::evalIds();
        std::string text;
        for (size_t i = 0; i < 4 * 256; ++i) text += std::to_string(ids[i]) + "\n";
        const std::string tokens = dir.filePath("ids.txt").toStdString();
        qs::test::writeFile(tokens, text);
        const auto fromTokens = runCli({"ppl", shared("models/austen-5m-f16.gguf"), "--tokens", QString::fromStdString(tokens), "--json"});
        const auto fromText = runCli({"ppl", shared("models/austen-5m"), "--text", shared("data/eval-persuasion.txt"), "--chunks", "4", "--json"});
        QCOMPARE(fromTokens.exitCode, 0);
        QCOMPARE(fromText.exitCode, 0);
        QCOMPARE(parseJson(fromTokens)["ppl"].get<double>(), parseJson(fromText)["ppl"].get<double>());
    }

    void pplPlainTextOutput() {
        const auto r = runCli({"ppl", shared("models/austen-5m"), "--text", shared("data/eval-persuasion.txt"), "--chunks", "2",
                               "--ctx", "128", "--all-positions"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.find("PPL = ") != std::string::npos, r.out.c_str());
        QVERIFY(r.out.find("254 predictions scored") != std::string::npos);
    }

    void kldSelfIsZero() {
        const auto r = runCli({"kld", shared("models/austen-5m"), "--against", shared("models/austen-5m-f16.gguf"), "--text",
                               shared("data/eval-persuasion.txt"), "--chunks", "2", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = parseJson(r);
        QCOMPARE(j["kld_mean"].get<double>(), 0.0);
        QCOMPARE(j["same_top_fraction"].get<double>(), 1.0);
        QCOMPARE(j["ppl_ratio"].get<double>(), 1.0);
        QCOMPARE(j["tokens_scored"].get<int64_t>(), int64_t(254));
        const auto plain = runCli({"kld", shared("models/austen-5m"), "--against", shared("models/austen-5m"), "--text",
                                   shared("data/eval-persuasion.txt"), "--chunks", "1"});
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(plain.out.find("same top 100.000 %") != std::string::npos);
    }

    void calibrateWritesReloadableFile() {
        QTemporaryDir dir;
        const QString out = dir.filePath("calib.safetensors");
        const auto r = runCli({"calibrate", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt"), "--samples", "4",
                               "--seq-len", "64", "--seed", "3", "--out", out, "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = parseJson(r);
        QCOMPARE(j["inputs"].size(), size_t(16));
        QCOMPARE(j["inputs"][0]["tokens"].get<int64_t>(), int64_t(4 * 64));
        const auto data = qs::loadCalibration(out.toStdString());
        QCOMPARE(data.seed, uint64_t(3));
        QVERIFY(data.find("blk.3.mlp_down") && !data.find("blk.3.mlp_down")->hessian.empty());
        const auto plain = runCli({"calibrate", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt"), "--samples",
                                   "2", "--seq-len", "32", "--no-hessian", "--out", out});
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(plain.out.find("blk.0.attn_qkv") != std::string::npos);
        QVERIFY(qs::loadCalibration(out.toStdString()).inputs.front().hessian.empty());
        expectOneLineError(runCli({"calibrate", shared("models/austen-5m"), "--text", shared("data/calib-austen.txt")}), "--out");
    }

    void benchEvalReportsRatios() {
        const auto r = runCli({"bench", "eval", shared("models/austen-5m"), "--chunks", "1", "--repeats", "1", "--threads", "2", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = parseJson(r);
        QCOMPARE(j["results"].size(), size_t(2)); // 1 and all threads
        for (auto& row : j["results"]) {
            QVERIFY(row["tokens_per_second"].get<double>() > 0);
            QVERIFY(row["eval_over_sgemm"].get<double>() > 0);
        }
    }

    void badInputIsOneLineError() {
        QTemporaryDir dir;
        const auto model = shared("models/austen-5m");
        const std::string empty = dir.filePath("empty.txt").toStdString(), bad = dir.filePath("bad.txt").toStdString(),
                          shortText = dir.filePath("short.txt").toStdString();
        qs::test::writeFile(empty, std::string());
        qs::test::writeFile(bad, std::string("Anne \xC3\x28 Elliot"));
        qs::test::writeFile(shortText, std::string("Anne Elliot walked to the Cobb."));
        expectOneLineError(runCli({"ppl", model, "--text", QString::fromStdString(empty)}), "empty");
        expectOneLineError(runCli({"ppl", model, "--text", QString::fromStdString(bad)}), "UTF-8");
        expectOneLineError(runCli({"ppl", model, "--text", QString::fromStdString(shortText)}), "fewer than one chunk");
        expectOneLineError(runCli({"ppl", model}), "--text");
        expectOneLineError(runCli({"kld", model, "--text", QString::fromStdString(shortText)}), "--against");

        // An HF folder without tokenizer.model.
        namespace fs = std::filesystem;
        const fs::path bare = dir.filePath("bare").toStdString();
        fs::create_directory(bare);
        for (const char* f : {"config.json", "model.safetensors"}) fs::create_symlink(sharedPath("models/austen-5m/") + f, bare / f);
        expectOneLineError(runCli({"ppl", QString::fromStdString(bare.string()), "--text", shared("data/eval-persuasion.txt")}),
                           "--tokens");
    }
};

QTEST_GUILESS_MAIN(TestCliEval)
#include "test_cli_eval.moc"
