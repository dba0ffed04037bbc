// quantscope-cli stats: summary table, one tensor in text and JSON, thread-count independence, bad input.
#include "tests/support/support.h"

#include <QtTest>
#include <nlohmann/json.hpp>

namespace {
QString model5m() { return QString::fromStdString(qs::test::sharedPath("models/austen-5m")); }
const char* kDown = "model.layers.0.mlp.down_proj.weight";
} // namespace

class TestCliStats : public QObject {
    Q_OBJECT
private slots:
    void summaryTable() {
        QS_REQUIRE_SHARED("models/austen-5m");
        auto r = qs::test::runCli({"stats", model5m()});
        QCOMPARE(r.exitCode, 0);
        for (const char* s : {"name", "absmax", "kurtosis", "outliers %", kDown, "model.norm.weight", "lm_head.weight"})
            QVERIFY2(r.out.find(s) != std::string::npos, s);
    }

    void summaryJson() {
        QS_REQUIRE_SHARED("models/austen-5m");
        auto r = qs::test::runCli({"stats", model5m(), "--json", "--sigma", "3"});
        QCOMPARE(r.exitCode, 0);
        auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["sigma_k"].get<double>(), 3.0);
        QCOMPARE(j["tensors"].size(), size_t(4 * 9 + 3));
        for (auto& t : j["tensors"]) {
            for (const char* key : {"name", "role", "shape", "dtype", "absmax", "mean", "std", "kurtosis", "outlier_ratio"})
                QVERIFY2(t.contains(key), key);
            QVERIFY(!t.contains("col_absmax")); // per-channel arrays only for one tensor
            if (t["name"] == kDown) QCOMPARE(t["outliers"].get<int64_t>(), int64_t(584));
        }
    }

    void oneTensorText() {
        QS_REQUIRE_SHARED("models/austen-5m");
        auto r = qs::test::runCli({"stats", model5m(), "--tensor", kDown, "--bins", "16", "--top", "3"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.find("histogram (x, 16 bins)") != std::string::npos);
        QVERIFY(r.out.find("top input channels") != std::string::npos);
        QVERIFY(r.out.find("42388 ########################################") != std::string::npos); // the peak bin
        QVERIFY(r.out.find("    603") != std::string::npos);
    }

    void oneTensorJsonAtAnyThreadCount() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const QStringList base = {"stats", model5m(), "--tensor", "model.embed_tokens.weight", "--json", "--log",
                                  "--by", "outliers", "--sigma", "4"};
        auto r1 = qs::test::runCli(base + QStringList{"--threads", "1"});
        auto r2 = qs::test::runCli(base + QStringList{"--threads", "2"});
        QCOMPARE(r1.exitCode, 0);
        QCOMPARE(r1.out, r2.out);
        auto j = nlohmann::json::parse(r1.out);
        QCOMPARE(j["histogram"]["scale"].get<std::string>(), std::string("log10_abs"));
        QCOMPARE(j["histogram"]["counts"].size(), size_t(32));
        QCOMPARE(j["row_absmax"].size(), size_t(4096));
        QCOMPARE(j["col_absmax"].size(), size_t(256));
        QCOMPARE(j["top_channels"].size(), size_t(8));
        QCOMPARE(j["dtype"].get<std::string>(), std::string("F16"));
        auto& top = j["top_channels"];
        for (size_t i = 1; i < top.size(); ++i) QVERIFY(top[i - 1]["outliers"] >= top[i]["outliers"]);
    }

    void badInput() {
        QS_REQUIRE_SHARED("models/austen-5m");
        for (const QStringList& args : {QStringList{"stats", model5m(), "--tensor", "nope"},
                                        QStringList{"stats", model5m(), "--bins", "0"},
                                        QStringList{"stats", model5m(), "--sigma", "-1"},
                                        QStringList{"stats", model5m(), "--by", "size"},
                                        QStringList{"stats"}, QStringList{"stats", "/nonexistent"}}) {
            auto r = qs::test::runCli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.rfind("error: ", 0) == 0, r.err.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliStats)
#include "test_cli_stats.moc"
