// qs-label: nosan  (forward passes of two models over 16 chunks)
#include "core/runtime/kld.h"
#include "tests/core/runtime/runtime_support.h"

#include <QtTest>

using qs::test::reference;

namespace {

bool close(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want); }

} // namespace

class TestKld : public QObject {
    Q_OBJECT
private slots:
    void first16ChunksMatchReference_data() {
        QTest::addColumn<QString>("name");
        if (!qs::test::sharedExists("reference/reference.json")) return;
        for (auto& [name, entry] : reference()["kld"].items()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void first16ChunksMatchReference() {
        QFETCH(QString, name);
        const auto& entry = reference()["kld"][name.toStdString()];
        const std::string basePath = qs::test::referenceModelPath(entry["base"].get<std::string>());
        const std::string candPath = qs::test::referenceModelPath(name.toStdString());
        if (!qs::test::sharedExists(basePath) || !qs::test::sharedExists(candPath)) QSKIP("model file missing");
        const auto base = qs::loadModel(qs::test::sharedPath(basePath));
        const auto cand = qs::loadModel(qs::test::sharedPath(candPath));
        if (!qs::test::canDecode(cand)) QSKIP("a tensor type of this model has no decoder yet");

        qs::ModelWeights wb(base), wc(cand);
        qs::ThreadPool pool(2);
        qs::Forward fb(wb, pool), fc(wc, pool);
        qs::EvalOptions opt;
        opt.maxChunks = 16;
        const auto r = qs::computeKld(fb, fc, qs::test::evalIds(), opt, 1);
        const auto& ref = entry["first_16_chunks"];
        QCOMPARE(r.tokensScored, ref["tokens_scored"].get<int64_t>());
        QCOMPARE(r.chunks, ref["chunks"].get<int64_t>());
        const std::pair<const char*, double> stats[] = {
            {"kld_mean", r.kldMean}, {"kld_median", r.kldMedian}, {"kld_p90", r.kldP90}, {"kld_p99", r.kldP99},
            {"kld_max", r.kldMax}, {"same_top_fraction", r.sameTopFraction}, {"delta_p_mean", r.deltaPMean},
            {"delta_p_rms", r.deltaPRms}, {"ppl_base", r.pplBase}, {"ppl_candidate", r.pplCandidate}};
        for (auto& [key, got] : stats) {
            const double want = ref[key].get<double>();
            if (!close(got, want, 1e-4)) qWarning("%s: %s = %.10g, reference %.10g", name.toUtf8().constData(), key, got, want);
            QVERIFY2(close(got, want, 1e-4), key);
        }
        qInfo("%s: mean KLD %.6g (ref %.6g), same top %.4f, ppl %.4f vs %.4f", name.toUtf8().constData(), r.kldMean,
              ref["kld_mean"].get<double>(), r.sameTopFraction, r.pplCandidate, r.pplBase);
    }

    void selfKldIsZero() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const auto hf = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const auto gguf = qs::loadModel(qs::test::sharedPath("models/austen-5m-f16.gguf"));
        qs::ModelWeights wa(hf), wb(gguf);
        qs::ThreadPool pool(2);
        qs::Forward fa(wa, pool), fb(wb, pool);
        qs::EvalOptions opt;
        opt.maxChunks = 4;
        for (auto* other : {&fa, &fb}) {
            const auto r = qs::computeKld(fa, *other, qs::test::evalIds(), opt, 1);
            QCOMPARE(r.kldMean, 0.0);
            QCOMPARE(r.kldMax, 0.0);
            QCOMPARE(r.sameTopFraction, 1.0);
            QCOMPARE(r.deltaPRms, 0.0);
            QCOMPARE(r.pplRatio, 1.0);
        }
    }

    void quantileInterpolatesLinearly() {
        const std::vector<double> v = {1, 2, 3, 4};
        QCOMPARE(qs::quantileSorted(v, 0.5), 2.5);
        QCOMPARE(qs::quantileSorted(v, 1.0), 4.0);
        QCOMPARE(qs::quantileSorted(v, 0.0), 1.0);
        QCOMPARE(qs::quantileSorted({7}, 0.9), 7.0);
    }
};

QTEST_GUILESS_MAIN(TestKld)
#include "test_kld.moc"
