// qs-label: nosan  (forward passes over calibration samples)
#include "core/runtime/calibration.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "core/util/error.h"
#include "tests/support/support.h"

#include <QtTest>

namespace {

const std::vector<int32_t>& calibIds() {
    static const std::vector<int32_t> ids = qs::Tokenizer::fromFile(qs::test::sharedPath("models/austen-5m/tokenizer.model"))
                                                .encode(qs::readEvalText(qs::test::sharedPath("data/calib-austen.txt")));
    return ids;
}

qs::CalibrationData capture(const qs::Model& model, int threads, const qs::CalibrationOptions& opt) {
    qs::ModelWeights weights(model);
    qs::ThreadPool pool(threads);
    qs::Forward fwd(weights, pool);
    return qs::captureCalibration(fwd, calibIds(), 1, opt);
}

void compareData(const qs::CalibrationData& a, const qs::CalibrationData& b) {
    QCOMPARE(a.inputs.size(), b.inputs.size());
    QCOMPARE(a.samples, b.samples);
    QCOMPARE(a.seqLen, b.seqLen);
    QCOMPARE(a.seed, b.seed);
    for (const auto& s : a.inputs) {
        const auto* t = b.find(s.name);
        QVERIFY(t);
        QCOMPARE(t->tokens, s.tokens);
        QVERIFY(t->meanAbs == s.meanAbs);
        QVERIFY(t->absMax == s.absMax);
        QVERIFY(t->meanSq == s.meanSq);
        QVERIFY(t->hessian == s.hessian);
    }
}

} // namespace

class TestCalibration : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!qs::test::sharedExists("models/austen-5m") || !qs::test::sharedExists("data/calib-austen.txt")) QSKIP("shared data missing");
    }

    void startsAreSeededAndInRange() {
        qs::CalibrationOptions opt;
        opt.samples = 50;
        opt.seqLen = 100;
        const auto a = qs::calibrationStarts(1000, opt), b = qs::calibrationStarts(1000, opt);
        QCOMPARE(a, b);
        for (auto s : a) QVERIFY(s >= 0 && s <= 900);
        opt.seed = 1;
        QVERIFY(qs::calibrationStarts(1000, opt) != a);
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::calibrationStarts(99, opt));
    }

    void capturesEveryDistinctInput() {
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::CalibrationOptions opt;
        opt.samples = 6;
        opt.seqLen = 64;
        const auto data = capture(model, 2, opt);
        QCOMPARE(data.inputs.size(), size_t(4 * 4)); // qkv, o, gate/up, down per layer
        const auto* qkv = data.find("blk.0.attn_qkv");
        const auto* down = data.find("blk.3.mlp_down");
        QVERIFY(qkv && down && !data.find("output"));
        QCOMPARE(qkv->channels, int64_t(256));
        QCOMPARE(down->channels, int64_t(768));
        QCOMPARE(qkv->tokens, int64_t(6 * 64));
        // The Hessian's diagonal is Σx², i.e. tokens · E[x²]; it is symmetric.
        for (int64_t c = 0; c < qkv->channels; ++c) {
            const double d = qkv->hessian[size_t(c * qkv->channels + c)];
            QVERIFY(std::fabs(d - qkv->meanSq[size_t(c)] * double(qkv->tokens)) <= 1e-9 * std::max(1.0, d));
            QVERIFY(qkv->meanAbs[size_t(c)] <= qkv->absMax[size_t(c)]);
        }
        QCOMPARE(down->hessian[5 * 768 + 7], down->hessian[7 * 768 + 5]);
    }

    void identicalAtAnyThreadCountAndRoundTrips() {
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::CalibrationOptions opt;
        opt.samples = 5;
        opt.seqLen = 48;
        opt.seed = 7;
        const auto one = capture(model, 1, opt), three = capture(model, 3, opt);
        compareData(one, three);
        QTemporaryDir dir;
        const std::string path = dir.filePath("calib.safetensors").toStdString();
        qs::saveCalibration(one, path);
        compareData(one, qs::loadCalibration(path));
        QCOMPARE(qs::loadCalibration(path).inputs.front().name, one.inputs.front().name); // order kept
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::loadCalibration(qs::test::sharedPath("models/austen-5m/model.safetensors")));
    }

    void inputNames() {
        QCOMPARE(qs::calibrationInputName(qs::TensorRole::AttnK, 2), std::string("blk.2.attn_qkv"));
        QCOMPARE(qs::calibrationInputName(qs::TensorRole::MlpUp, 0), std::string("blk.0.mlp_gate_up"));
        QCOMPARE(qs::calibrationInputName(qs::TensorRole::Output, -1), std::string());
        QCOMPARE(qs::calibrationInputName(qs::TensorRole::AttnNorm, 0), std::string());
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "test_calibration.moc"
