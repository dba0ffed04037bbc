// qs-label: nosan  (GPTQ/AWQ on a 1536x512 layer: covered by test_gptq under sanitizers)
// quantscope-cli layer: JSON keys and reference-level errors on synthetic-small, --out, GGUF targets, bad input.
#include "core/formats/safetensors.h"
#include "core/formats/safetensors_writer.h"
#include "tests/support/support.h"

#include <QtTest>
#include <nlohmann/json.hpp>

namespace {
QString layerFile() { return QString::fromStdString(qs::test::sharedPath("reference/layers/synthetic-small/layer.safetensors")); }
} // namespace

class TestCliLayer : public QObject {
    Q_OBJECT
private slots:
    void jsonAndOut() {
        QS_REQUIRE_SHARED("reference/layers/synthetic-small/layer.safetensors");
        QTemporaryDir dir;
        const QString out = dir.filePath("w.safetensors");
        auto r = qs::test::runCli({"layer", layerFile(), "--method", "gptq", "--bits", "4", "--group", "128", "--static-groups",
                                   "--out", out, "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out);
        for (const char* k : {"rel_output_error", "weight_mse", "seconds", "seconds_wall", "seconds_cpu"}) QVERIFY2(j.contains(k), k);
        QVERIFY(j["rel_output_error"].get<double>() < 7.23e-4 * 1.01);
        QCOMPARE(j["static_groups"].get<bool>(), true);
        auto f = qs::SafetensorsFile::open(out.toStdString());
        QVERIFY(f->find("weight") && f->find("weight")->shape == std::vector<int64_t>({1536, 512}));
    }

    void ggufTargetsAndText() {
        QS_REQUIRE_SHARED("reference/layers/synthetic-small/layer.safetensors");
        auto rtn = qs::test::runCli({"layer", layerFile(), "--method", "rtn", "--type", "Q4_K", "--json"});
        auto gptq = qs::test::runCli({"layer", layerFile(), "--method", "gptq", "--type", "Q4_K", "--json"});
        auto awq = qs::test::runCli({"layer", layerFile(), "--method", "awq", "--type", "Q4_0", "--json"});
        QCOMPARE(rtn.exitCode, 0);
        QCOMPARE(gptq.exitCode, 0);
        QCOMPARE(awq.exitCode, 0);
        QVERIFY(nlohmann::json::parse(gptq.out)["rel_output_error"].get<double>() <
                nlohmann::json::parse(rtn.out)["rel_output_error"].get<double>());
        auto text = qs::test::runCli({"layer", layerFile(), "--method", "hqq", "--bits", "3"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.find("rel_output_error") != std::string::npos);
    }

    void badInput() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.safetensors").toStdString();
        qs::SafetensorsWriter w;
        w.addF32("weight", {4, 100}, std::vector<float>(400, 0.1f));
        w.addF32("calib", {8, 100}, std::vector<float>(800, 1.0f));
        w.write(path);
        auto r = qs::test::runCli({"layer", QString::fromStdString(path), "--method", "gptq", "--group", "64"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.find("64") != std::string::npos);
        auto m = qs::test::runCli({"layer", QString::fromStdString(path), "--method", "nope"});
        QCOMPARE(m.exitCode, 2);
        w = {};
        w.addF32("weight", {4, 128}, std::vector<float>(512, 0.1f));
        w.write(path);
        auto missing = qs::test::runCli({"layer", QString::fromStdString(path), "--method", "rtn"});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.find("calib") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCliLayer)
#include "test_cli_layer.moc"
