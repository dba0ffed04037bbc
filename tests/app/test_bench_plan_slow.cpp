// qs-label: nosan
// bench plan at full size on both shared models: the planner's mixture must have a lower mean KLD than each of
// llama.cpp's Q2_K, Q3_K_M and Q4_K_M mixtures (same imatrix) at the same or smaller size. Every number is
// printed before anything is asserted.
#include "tests/support/support.h"

#include <QtTest>
#include <nlohmann/json.hpp>

class TestBenchPlanSlow : public QObject {
    Q_OBJECT
private slots:
    void plannerBeatsLlamaMixtures() {
        QS_REQUIRE_SHARED("models/austen-29m");
        QTemporaryDir dir;
        const QString json = dir.filePath("plan.json");
        auto r = qs::test::runCli({"bench", "plan", "--chunks", "64", "--sens-chunks", "8", "--curve-points", "0", "--json", json},
                                  4 * 3600 * 1000);
        qInfo("%s", r.out.c_str());
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(qs::test::readFile(json.toStdString()));
        QCOMPARE(j["models"].size(), size_t(2));
        for (auto& m : j["models"])
            for (auto& row : m["rows"]) {
                QVERIFY(row["autoplan"]["bytes"] <= row["llama"]["bytes"]);
                QVERIFY2(row["autoplan"]["kld_mean"] < row["llama"]["kld_mean"],
                         (m["model"].get<std::string>() + " " + row["mixture"].get<std::string>()).c_str());
            }
    }
};

QTEST_GUILESS_MAIN(TestBenchPlanSlow)
#include "test_bench_plan_slow.moc"
