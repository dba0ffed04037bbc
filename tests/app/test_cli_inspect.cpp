#include "tests/support/support.h"

#include <QtTest>
#include <nlohmann/json.hpp>

class TestCliInspect : public QObject {
    Q_OBJECT
private slots:
    void jsonOnEverySharedModel_data() {
        QTest::addColumn<QString>("rel");
        QTest::addColumn<qlonglong>("params");
        QTest::newRow("5m") << "models/austen-5m" << 5245184LL;
        QTest::newRow("29m") << "models/austen-29m" << 29368832LL;
        QTest::newRow("gguf f16") << "models/austen-5m-f16.gguf" << 5245184LL;
        QTest::newRow("gguf q4_k_m") << "reference/gguf/austen-5m-Q4_K_M.gguf" << 5245184LL;
    }
    void jsonOnEverySharedModel() {
        QFETCH(QString, rel);
        QFETCH(qlonglong, params);
        if (!qs::test::sharedExists(rel.toStdString())) QSKIP("shared file missing");
        auto r = qs::test::runCli({"inspect", QString::fromStdString(qs::test::sharedPath(rel.toStdString())), "--json"});
        QCOMPARE(r.exitCode, 0);
        auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["architecture"].get<std::string>(), std::string("llama"));
        QCOMPARE(j["total_params"].get<long long>(), params);
        long long sumParams = 0, sumBytes = 0;
        for (auto& t : j["tensors"]) {
            for (const char* key : {"name", "role", "block", "shape", "dtype", "params", "bytes"}) QVERIFY(t.contains(key));
            sumParams += t["params"].get<long long>();
            sumBytes += t["bytes"].get<long long>();
        }
        QCOMPARE(sumParams, params);
        QCOMPARE(j["total_bytes"].get<long long>(), sumBytes);
        QVERIFY(j["hyperparameters"]["num_layers"].get<int>() > 0);
    }

    void q4kmTypes() {
        if (!qs::test::sharedExists("reference/gguf/austen-5m-Q4_K_M.gguf")) QSKIP("missing");
        auto r = qs::test::runCli({"inspect", QString::fromStdString(qs::test::sharedPath("reference/gguf/austen-5m-Q4_K_M.gguf")), "--json"});
        auto j = nlohmann::json::parse(r.out);
        for (auto& t : j["tensors"]) {
            const std::string name = t["name"], dtype = t["dtype"];
            if (name == "output.weight" || name == "blk.2.attn_v.weight" || name == "blk.3.ffn_down.weight") QCOMPARE(dtype, std::string("Q6_K"));
            else if (name == "blk.0.attn_q.weight") QCOMPARE(dtype, std::string("Q4_K"));
            else if (name.ends_with("norm.weight")) QCOMPARE(dtype, std::string("F32"));
        }
    }

    void tableOutput() {
        QS_REQUIRE_SHARED("models/austen-5m");
        auto r = qs::test::runCli({"inspect", QString::fromStdString(qs::test::sharedPath("models/austen-5m"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.find("model.layers.3.mlp.down_proj.weight") != std::string::npos);
        QVERIFY(r.out.find("total: 5245184 parameters") != std::string::npos);
    }

    void badInputExitsTwoWithOneLine() {
        QTemporaryDir dir;
        const std::string bad = dir.filePath("bad.gguf").toStdString();
        qs::test::writeFile(bad, std::string("GGUF\3\0\0\0garbage"));
        for (const QStringList& args : {QStringList{"inspect", QString::fromStdString(bad)},
                                        QStringList{"inspect", "/nonexistent/path"}, QStringList{"inspect"},
                                        QStringList{"inspect", QString::fromStdString(bad), "--bogus"},
                                        QStringList{"no-such-command"}}) {
            auto r = qs::test::runCli(args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY(r.out.empty());
            if (args.first() == "inspect") {
                QVERIFY2(r.err.rfind("error: ", 0) == 0, r.err.c_str());
                QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
            }
        }
        auto r = qs::test::runCli({"inspect", QString::fromStdString(bad)});
        QVERIFY2(r.err.find(bad) != std::string::npos, r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCliInspect)
#include "test_cli_inspect.moc"
