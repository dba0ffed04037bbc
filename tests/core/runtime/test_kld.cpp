// qs-label: nosan  (forward passes of two models over 16 chunks)
#include "core/runtime/kld.h"
#include "tests/core/runtime/runtime_support.h"

#include <QtTest>

using qs::test::reference;

class TestKld : public QObject {
    Q_OBJECT
private slots:
    void first16ChunksMatchReference_data() { qs::test::addReferenceRows("kld"); }
    void first16ChunksMatchReference() {
        QFETCH(QString, name);
        qs::EvalOptions opt;
        opt.maxChunks = 16;
        std::string skip;
        const auto r = qs::test::referenceKld(name.toStdString(), opt, 2, &skip);
        if (!r) QSKIP(skip.c_str());
        const auto& ref = reference()["kld"][name.toStdString()]["first_16_chunks"];
        QCOMPARE(r->chunks, ref["chunks"].get<int64_t>());
        qs::test::verifyKldStats(*r, ref, name);
        qInfo("%s: mean KLD %.6g (ref %.6g), same top %.4f, ppl %.4f vs %.4f", name.toUtf8().constData(), r->kldMean,
              ref["kld_mean"].get<double>(), r->sameTopFraction, r->pplCandidate, r->pplBase);
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
