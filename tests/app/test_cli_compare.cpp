// qs-label: nosan  (forward passes and GPTQ/AWQ over a model: too slow under sanitizers)
// quantscope-cli compare on austen-5m, one block, a small calibration set and 2 evaluation chunks.
#include "tests/support/support.h"

#include <QtTest>
#include <nlohmann/json.hpp>

class TestCliCompare : public QObject {
    Q_OBJECT
private slots:
    void tableAndJson() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const QStringList common = {"compare", QString::fromStdString(qs::test::sharedPath("models/austen-5m")), "--methods",
                                    "rtn,gptq,awq,hqq", "--bits", "3", "--group", "128", "--tensors", "layers\\.1\\.", "--calib",
                                    QString::fromStdString(qs::test::sharedPath("data/calib-austen.txt")), "--text",
                                    QString::fromStdString(qs::test::sharedPath("data/eval-persuasion.txt")), "--samples", "8",
                                    "--seq-len", "64", "--chunks", "2"};
        auto r = qs::test::runCli(common + QStringList{"--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["methods"].size(), size_t(4));
        for (auto& m : j["methods"]) {
            QCOMPARE(m["layers"].size(), size_t(7));
            QVERIFY(m["ppl"].get<double>() > j["base_ppl"].get<double>() * 0.9);
            QVERIFY(m["bytes"].get<uint64_t>() < j["base_bytes"].get<uint64_t>());
        }
        QCOMPARE(j["tokens_scored"].get<int64_t>(), int64_t(2 * 127));

        auto t = qs::test::runCli(common);
        QCOMPARE(t.exitCode, 0);
        for (const char* s : {"model.layers.1.mlp.down_proj.weight", "gptq rel.err", "KLD mean", "original", "grouped-query"})
            QVERIFY2(t.out.find(s) != std::string::npos, s);

        auto bad = qs::test::runCli({"compare", QString::fromStdString(qs::test::sharedPath("models/austen-5m")), "--methods", "rtn,foo",
                                     "--calib", "x", "--text", "y"});
        QCOMPARE(bad.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliCompare)
#include "test_cli_compare.moc"
