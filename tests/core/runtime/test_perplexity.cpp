// qs-label: nosan  (forward passes over 16 chunks per model)
#include "core/runtime/perplexity.h"
#include "core/util/error.h"
#include "tests/core/runtime/runtime_support.h"

#include <QtTest>

using qs::test::reference;

class TestPerplexity : public QObject {
    Q_OBJECT
private slots:
    // Every "ppl" entry of reference.json (HF folders, the F16 GGUF, every quantized GGUF), first 16 chunks.
    void first16ChunksMatchReference_data() { qs::test::addReferenceRows("ppl"); }
    void first16ChunksMatchReference() {
        QFETCH(QString, name);
        const auto& ref = reference()["ppl"][name.toStdString()]["first_16_chunks"];
        qs::EvalOptions opt;
        opt.maxChunks = 16;
        std::string skip;
        const auto result = qs::test::referencePerplexity(name.toStdString(), opt, 2, &skip);
        if (!result) QSKIP(skip.c_str());
        const auto& r = *result;
        qInfo("%s: ppl %.8f (ref %.8f, rel %.2g) stderr %.6f (ref %.6f) %.0f tok/s", name.toUtf8().constData(), r.ppl,
              ref["ppl"].get<double>(), std::fabs(r.ppl / ref["ppl"].get<double>() - 1), r.pplStderr,
              ref["ppl_stderr"].get<double>(), r.tokensPerSecond);
        QCOMPARE(r.tokensScored, ref["tokens_scored"].get<int64_t>());
        QCOMPARE(r.chunks, int64_t(16));
        QVERIFY(std::fabs(r.ppl / ref["ppl"].get<double>() - 1) < 1e-5);
        QVERIFY(std::fabs(r.pplStderr / ref["ppl_stderr"].get<double>() - 1) < 1e-4);
    }

    void identicalAtAnyThreadCount() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        qs::EvalOptions opt;
        opt.maxChunks = 5;
        opt.allPositions = true;
        std::vector<double> ppls;
        for (int threads : {1, 2, 3}) {
            qs::ThreadPool pool(threads);
            qs::Forward fwd(weights, pool);
            ppls.push_back(qs::computePerplexity(fwd, qs::test::evalIds(), opt, 1).ppl);
        }
        QCOMPARE(ppls[1], ppls[0]);
        QCOMPARE(ppls[2], ppls[0]);
    }

    void allPositionsScoresEveryPrediction() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        qs::ThreadPool pool(2);
        qs::Forward fwd(weights, pool);
        qs::EvalOptions opt;
        opt.ctx = 64;
        opt.maxChunks = 3;
        opt.allPositions = true;
        const auto r = qs::computePerplexity(fwd, qs::test::evalIds(), opt, 1);
        QCOMPARE(r.tokensScored, int64_t(3 * 63));
        QVERIFY(r.ppl > 1 && std::isfinite(r.ppl));
    }

    void progressAndCancellation() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        qs::ThreadPool pool(2);
        qs::Forward fwd(weights, pool);
        qs::EvalOptions opt;
        opt.maxChunks = 12;
        qs::CancelToken cancel;
        std::vector<double> fractions;
        auto progress = [&](double f, const std::string&) {
            fractions.push_back(f);
            if (f >= 0.5) cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(qs::Cancelled, qs::computePerplexity(fwd, qs::test::evalIds(), opt, 1, progress, &cancel));
        QVERIFY(fractions.size() >= 2);
        QCOMPARE(fractions.front(), 0.0);
        QVERIFY(fractions.back() < 1.0);
    }

    void tooFewTokensIsAnError() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        qs::ThreadPool pool(1);
        qs::Forward fwd(weights, pool);
        const std::vector<int32_t> ids(100, 5);
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::computePerplexity(fwd, ids, qs::EvalOptions{}, 1));
    }
};

QTEST_GUILESS_MAIN(TestPerplexity)
#include "test_perplexity.moc"
