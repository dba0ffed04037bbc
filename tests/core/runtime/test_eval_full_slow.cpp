// qs-label: nosan  (full-text perplexity and KLD: minutes; CTest label "slow")
#include "core/runtime/kld.h"
#include "core/runtime/perplexity.h"
#include "tests/core/runtime/runtime_support.h"

#include <QtTest>

using qs::test::reference;

namespace {

// A full-text run takes minutes on a busy 2-core machine; Qt Test's 5-minute watchdog must not fire.
// Set before main() so the watchdog sees it.
const bool longTimeout = qputenv("QTEST_FUNCTION_TIMEOUT", "3600000");

} // namespace

class TestEvalFullSlow : public QObject {
    Q_OBJECT
private slots:
    void fullTextPerplexity_data() { qs::test::addReferenceRows("ppl"); }
    void fullTextPerplexity() {
        QFETCH(QString, name);
        const auto& ref = reference()["ppl"][name.toStdString()];
        std::string skip;
        const auto result = qs::test::referencePerplexity(name.toStdString(), qs::EvalOptions{}, int(qs::ThreadPool::hardwareThreads()), &skip);
        if (!result) QSKIP(skip.c_str());
        const auto& r = *result;
        qInfo("%s: ppl %.6f (ref %.6f) +/- %.6f (ref %.6f), %lld scored, %.0f tok/s", name.toUtf8().constData(), r.ppl,
              ref["ppl"].get<double>(), r.pplStderr, ref["ppl_stderr"].get<double>(), (long long)r.tokensScored, r.tokensPerSecond);
        QCOMPARE(r.tokensScored, ref["tokens_scored"].get<int64_t>());
        QCOMPARE(r.chunks, ref["chunks"].get<int64_t>());
        QVERIFY(qs::test::relClose(r.ppl, ref["ppl"].get<double>(), 1e-5));
        QVERIFY(qs::test::relClose(r.pplStderr, ref["ppl_stderr"].get<double>(), 1e-4));
    }

    void fullTextKld_data() { qs::test::addReferenceRows("kld"); }
    void fullTextKld() {
        QFETCH(QString, name);
        std::string skip;
        const auto r = qs::test::referenceKld(name.toStdString(), qs::EvalOptions{}, int(qs::ThreadPool::hardwareThreads()), &skip);
        if (!r) QSKIP(skip.c_str());
        const auto& ref = reference()["kld"][name.toStdString()];
        qs::test::verifyKldStats(*r, ref, name);
        qInfo("%s: mean KLD %.6g (ref %.6g), %.0f tok/s", name.toUtf8().constData(), r->kldMean, ref["kld_mean"].get<double>(),
              r->tokensPerSecond);
    }
};

QTEST_GUILESS_MAIN(TestEvalFullSlow)
#include "test_eval_full_slow.moc"
