// The planner on a synthetic measurement of austen-5m: budgets, the minimum-size error, optimality against
// uniform plans, the recipe it writes (resolves to exactly the planned types), and the measurement file's
// round trip and refusals.
#include "core/pipeline/types_eval.h"
#include "core/plan/autoplan.h"
#include "core/plan/llama_mixture.h"
#include "core/plan/resolved_plan.h"
#include "core/util/error.h"
#include "tests/support/support.h"
#include "tests/support/synthetic_measurement.h"

#include <QtTest>
#include <cmath>

namespace {

double estimated(const qs::Measurement& m, const qs::Model& model, const std::vector<qs::DType>& types) {
    double k = 0;
    for (size_t i = 0; i < model.tensors().size(); ++i)
        if (auto* e = m.find(model.tensors()[i].name)) k += e->results.at(types[i]).kld;
    return k;
}

} // namespace

class TestAutoplan : public QObject {
    Q_OBJECT
private slots:
    void beatsUniformPlansAtTheirSize() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const qs::Model model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const qs::Measurement m = qs::test::syntheticMeasurement(model);
        for (qs::DType type : qs::test::kSyntheticCandidates) {
            const auto uniform = qs::pureTypePlan(model, type);
            const uint64_t bytes = qs::planBytes(model, uniform);
            const qs::Autoplan p = qs::planMixture(model, m, bytes, "m.json");
            QVERIFY(p.totalBytes <= bytes);
            QCOMPARE(p.totalBytes, qs::planBytes(model, p.types));
            QVERIFY2(p.estimatedKld <= estimated(m, model, uniform) * (1 + 1e-12), qs::typeName(type).data());
            QVERIFY(std::abs(p.estimatedKld - estimated(m, model, p.types)) < 1e-15);
        }
        // Norms stay F32; everything at the top of the range at the largest budget.
        const qs::Autoplan top = qs::planMixture(model, m, UINT64_MAX, "m.json");
        for (size_t i = 0; i < model.tensors().size(); ++i) {
            const auto& t = model.tensors()[i];
            QCOMPARE(top.types[i], qs::isQuantizableWeight(t) ? qs::DType::Q8_0 : qs::DType::F32);
        }
        QCOMPARE(top.totalBytes, top.maxBytes);
        // bpw targets count every parameter, as llama.cpp reports bpw.
        const qs::Autoplan five = qs::planMixture(model, m, qs::budgetForBpw(model, 5.0), "m.json");
        QVERIFY(five.bitsPerWeight() <= 5.0 && five.bitsPerWeight() > 4.9);
    }

    void refusesBudgetBelowMinimum() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const qs::Model model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const qs::Measurement m = qs::test::syntheticMeasurement(model);
        const uint64_t minimum = qs::planBytes(model, qs::pureTypePlan(model, qs::DType::Q2_K));
        QCOMPARE(qs::planMixture(model, m, minimum, "m.json").totalBytes, minimum);
        try {
            qs::planMixture(model, m, minimum - 1, "m.json");
            QFAIL("no error");
        } catch (const qs::Error& e) {
            QCOMPARE(e.exitCode(), 2);
            QVERIFY2(std::string(e.what()).find("smallest possible size, " + std::to_string(minimum) + " bytes") != std::string::npos, e.what());
        }
        qs::Measurement partial = m;
        partial.tensors[3].results.clear();
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::planMixture(model, partial, UINT64_MAX, "m.json"));
    }

    void recipeResolvesToThePlan() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const qs::Model model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const qs::Measurement m = qs::test::syntheticMeasurement(model);
        const qs::Autoplan p = qs::planMixture(model, m, qs::budgetForBpw(model, 4.0), "m.json");
        const qs::Recipe r = qs::autoplanRecipe(model, p, "auto", "test", "/tmp/imatrix.dat");
        const qs::Recipe again = qs::parseRecipe(qs::toJson(r), "auto.json");
        QCOMPARE(qs::ggufTypes(model, qs::resolvePlan(model, again)), p.types);
        QCOMPARE(again.imatrix, std::string("/tmp/imatrix.dat"));
        QVERIFY(!again.rules.empty());
    }

    void measurementFile() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const qs::Model model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::Measurement m = qs::test::syntheticMeasurement(model);
        m.tensors[0].results[qs::DType::Q4_K].relOutputError.reset(); // token_embd: KLD only
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.json").toStdString();
        qs::saveMeasurement(m, path);
        const qs::Measurement back = qs::loadMeasurement(path);
        QCOMPARE(qs::toJson(back), qs::toJson(m));
        qs::checkMeasurement(back, path, "id", {{"method", "rtn"}});
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::checkMeasurement(back, path, "other", nullptr));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::checkMeasurement(back, path, "id", {{"method", "gptq"}}));
        QCOMPARE(qs::modelIdentity(model), qs::modelIdentity(qs::loadModel(qs::test::sharedPath("models/austen-5m"))));
        qs::test::writeFile(path, std::string(R"({"quantscope_measurement": 1, "model": {"path": "x"}})"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::loadMeasurement(path));
    }
};

QTEST_GUILESS_MAIN(TestAutoplan)
#include "test_autoplan.moc"
