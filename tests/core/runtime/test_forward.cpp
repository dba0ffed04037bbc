// qs-label: nosan  (full forward passes: too slow under sanitizers)
#include "core/formats/safetensors.h"
#include "core/model/model.h"
#include "core/runtime/forward.h"
#include "core/util/error.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cmath>
#include <cstring>

namespace {

struct RefLogits {
    std::vector<int32_t> tokens;
    std::vector<float> logits;
};

RefLogits readRef(const std::string& rel) {
    auto f = qs::SafetensorsFile::open(qs::test::sharedPath(rel));
    RefLogits r;
    const auto* t = f->find("tokens");
    const auto* l = f->find("logits");
    r.tokens.resize((t->end - t->begin) / 4);
    std::memcpy(r.tokens.data(), f->data(*t), t->end - t->begin);
    r.logits.resize((l->end - l->begin) / 4);
    std::memcpy(r.logits.data(), f->data(*l), l->end - l->begin);
    return r;
}

std::vector<float> runLogits(const std::string& rel, const std::vector<int32_t>& tokens, int threads) {
    const auto model = qs::loadModel(qs::test::sharedPath(rel));
    qs::ModelWeights weights(model);
    qs::ThreadPool pool(threads);
    qs::Forward fwd(weights, pool);
    return fwd.logits(tokens);
}

std::pair<double, double> maxDiffAndAbsMax(const std::vector<float>& a, const std::vector<float>& b) {
    double diff = 0, absmax = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::fabs(double(a[i]) - double(b[i])));
        absmax = std::max(absmax, std::fabs(double(b[i])));
    }
    return {diff, absmax};
}

} // namespace

class TestForward : public QObject {
    Q_OBJECT
private slots:
    void hfLogitsMatchReference_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("austen-5m") << "austen-5m";
        QTest::newRow("austen-29m") << "austen-29m";
    }
    void hfLogitsMatchReference() {
        QFETCH(QString, model);
        const std::string name = model.toStdString();
        if (!qs::test::sharedExists("reference/" + name + ".ref-logits.safetensors")) QSKIP("shared reference missing");
        const auto ref = readRef("reference/" + name + ".ref-logits.safetensors");
        QCOMPARE(ref.tokens.size(), size_t(128));
        const auto got = runLogits("models/" + name, ref.tokens, 2);
        QCOMPARE(got.size(), ref.logits.size());
        const auto [diff, absmax] = maxDiffAndAbsMax(got, ref.logits);
        qInfo("%s: max |logit - ref| = %.3g (absmax %.4g, relative %.3g)", name.c_str(), diff, absmax, diff / absmax);
        QVERIFY(diff < 1e-3 * absmax);
    }

    void ggufGivesHfLogits() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const auto ref = readRef("reference/austen-5m.ref-logits.safetensors");
        const auto hf = runLogits("models/austen-5m", ref.tokens, 2);
        const auto gguf = runLogits("models/austen-5m-f16.gguf", ref.tokens, 2);
        const auto [diff, absmax] = maxDiffAndAbsMax(gguf, hf);
        qInfo("GGUF vs HF: max diff %.3g", diff);
        QVERIFY(diff <= 1e-5 * absmax); // same F16 values and HF row order: identical in practice
    }

    void bitIdenticalAtAnyThreadCount() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        std::vector<int32_t> tokens(3 * 300);
        for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = int32_t((i * 7919 + 13) % 4096);
        std::vector<std::vector<float>> results;
        for (int threads : {1, 2, 3, 5}) {
            qs::ThreadPool pool(threads);
            qs::Forward fwd(weights, pool);
            std::vector<float> out(size_t(3 * 200 * fwd.vocabSize()));
            fwd.run(tokens.data(), 3, 300, 100, out.data());
            results.push_back(std::move(out));
        }
        for (size_t i = 1; i < results.size(); ++i)
            QVERIFY(std::memcmp(results[0].data(), results[i].data(), results[0].size() * sizeof(float)) == 0);
    }

    void batchedSequencesAreIndependent() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        qs::ThreadPool pool(2);
        qs::Forward fwd(weights, pool);
        std::vector<int32_t> a(64), b(64);
        for (int i = 0; i < 64; ++i) {
            a[size_t(i)] = (i * 31 + 1) % 4096;
            b[size_t(i)] = (i * 17 + 5) % 4096;
        }
        std::vector<int32_t> both = a;
        both.insert(both.end(), b.begin(), b.end());
        std::vector<float> batched(size_t(2 * 64 * fwd.vocabSize()));
        fwd.run(both.data(), 2, 64, 0, batched.data());
        const auto single = fwd.logits(b);
        const std::vector<float> second(batched.begin() + long(batched.size() / 2), batched.end());
        QVERIFY(maxDiffAndAbsMax(second, single).first < 1e-4);
    }

    void overlayReplacesWeights() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights base(model);
        qs::OverlayWeights overlay(base);
        qs::ThreadPool pool(2);
        const std::vector<int32_t> tokens = {1, 1969, 690, 1306, 13, 13, 4065};
        const auto ref = qs::Forward(base, pool).logits(tokens);
        const qs::WeightKey key{qs::TensorRole::MlpDown, 1, false};
        overlay.replace(key, base.get(key));
        QVERIFY(qs::Forward(overlay, pool).logits(tokens) == ref);
        auto zeroed = std::make_shared<qs::FloatMatrix>(*base.get(key));
        std::fill(zeroed->data.begin(), zeroed->data.end(), 0.0f);
        overlay.replace(key, zeroed);
        QVERIFY(qs::Forward(overlay, pool).logits(tokens) != ref);
    }

    void rejectsTokensOutsideVocabulary() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto model = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ModelWeights weights(model);
        qs::ThreadPool pool(1);
        qs::Forward fwd(weights, pool);
        QVERIFY_THROWS_EXCEPTION(qs::Error, fwd.logits({1, 4096}));
    }
};

QTEST_GUILESS_MAIN(TestForward)
#include "test_forward.moc"
