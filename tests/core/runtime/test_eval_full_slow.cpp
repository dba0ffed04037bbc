// qs-label: nosan  (full-text perplexity and KLD: minutes; CTest label "slow")
#include "core/runtime/kld.h"
#include "core/runtime/perplexity.h"
#include "tests/core/runtime/runtime_support.h"

#include <QtTest>

using qs::test::reference;

namespace {

bool close(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want); }

// A full-text run takes minutes on a busy 2-core machine; Qt Test's 5-minute watchdog must not fire.
// Set before main() so the watchdog sees it.
const bool longTimeout = qputenv("QTEST_FUNCTION_TIMEOUT", "3600000");

} // namespace

class TestEvalFullSlow : public QObject {
    Q_OBJECT
private slots:
    void fullTextPerplexity_data() {
        QTest::addColumn<QString>("name");
        if (!qs::test::sharedExists("reference/reference.json")) return;
        for (auto& [name, entry] : reference()["ppl"].items()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void fullTextPerplexity() {
        QFETCH(QString, name);
        const std::string path = qs::test::referenceModelPath(name.toStdString());
        if (!qs::test::sharedExists(path)) QSKIP("model file missing");
        const auto model = qs::loadModel(qs::test::sharedPath(path));
        if (!qs::test::canDecode(model)) QSKIP("a tensor type of this model has no decoder yet");
        const auto& ref = reference()["ppl"][name.toStdString()];
        qs::ModelWeights weights(model);
        qs::ThreadPool pool;
        qs::Forward fwd(weights, pool);
        const auto r = qs::computePerplexity(fwd, qs::test::evalIds(), qs::EvalOptions{}, 1);
        qInfo("%s: ppl %.6f (ref %.6f) +/- %.6f (ref %.6f), %lld scored, %.0f tok/s", name.toUtf8().constData(), r.ppl,
              ref["ppl"].get<double>(), r.pplStderr, ref["ppl_stderr"].get<double>(), (long long)r.tokensScored, r.tokensPerSecond);
        QCOMPARE(r.tokensScored, ref["tokens_scored"].get<int64_t>());
        QCOMPARE(r.chunks, ref["chunks"].get<int64_t>());
        QVERIFY(close(r.ppl, ref["ppl"].get<double>(), 1e-5));
        QVERIFY(close(r.pplStderr, ref["ppl_stderr"].get<double>(), 1e-4));
    }

    void fullTextKld_data() {
        QTest::addColumn<QString>("name");
        if (!qs::test::sharedExists("reference/reference.json")) return;
        for (auto& [name, entry] : reference()["kld"].items()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void fullTextKld() {
        QFETCH(QString, name);
        const auto& ref = reference()["kld"][name.toStdString()];
        const std::string basePath = qs::test::referenceModelPath(ref["base"].get<std::string>());
        const std::string candPath = qs::test::referenceModelPath(name.toStdString());
        if (!qs::test::sharedExists(basePath) || !qs::test::sharedExists(candPath)) QSKIP("model file missing");
        const auto base = qs::loadModel(qs::test::sharedPath(basePath));
        const auto cand = qs::loadModel(qs::test::sharedPath(candPath));
        if (!qs::test::canDecode(cand)) QSKIP("a tensor type of this model has no decoder yet");
        qs::ModelWeights wb(base), wc(cand);
        qs::ThreadPool pool;
        qs::Forward fb(wb, pool), fc(wc, pool);
        const auto r = qs::computeKld(fb, fc, qs::test::evalIds(), qs::EvalOptions{}, 1);
        QCOMPARE(r.tokensScored, ref["tokens_scored"].get<int64_t>());
        const std::pair<const char*, double> stats[] = {
            {"kld_mean", r.kldMean}, {"kld_median", r.kldMedian}, {"kld_p90", r.kldP90}, {"kld_p99", r.kldP99},
            {"kld_max", r.kldMax}, {"same_top_fraction", r.sameTopFraction}, {"delta_p_mean", r.deltaPMean},
            {"delta_p_rms", r.deltaPRms}, {"ppl_base", r.pplBase}, {"ppl_candidate", r.pplCandidate}};
        for (auto& [key, got] : stats) {
            if (!close(got, ref[key].get<double>(), 1e-4))
                qWarning("%s: %s = %.10g, reference %.10g", name.toUtf8().constData(), key, got, ref[key].get<double>());
            QVERIFY2(close(got, ref[key].get<double>(), 1e-4), key);
        }
        qInfo("%s: mean KLD %.6g (ref %.6g), %.0f tok/s", name.toUtf8().constData(), r.kldMean, ref["kld_mean"].get<double>(),
              r.tokensPerSecond);
    }
};

QTEST_GUILESS_MAIN(TestEvalFullSlow)
#include "test_eval_full_slow.moc"
