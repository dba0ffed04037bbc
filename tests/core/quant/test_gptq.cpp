// GPTQ on small shapes: identity Hessian = RTN, error compensation beats RTN on correlated inputs for integer
// grids and every GGUF block type (with valid blocks), dead inputs, singular Hessians, act-order groups,
// thread-count independence, refusals.
#include "core/quant/gptq.h"
#include "core/quant/hessian.h"
#include "core/quant/quantize_layer.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <QtTest>
#include <random>

namespace {

struct Layer {
    int64_t rows, cols, n;
    std::vector<float> w, x;
    std::vector<double> h;
};

// Inputs with correlated channels (a shared component) and a few loud ones, as real activations have.
Layer makeLayer(int64_t rows, int64_t cols, int64_t n, uint64_t seed = 1) {
    Layer l{rows, cols, n, {}, {}, {}};
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    l.w.resize(size_t(rows * cols));
    for (float& v : l.w) v = 0.02f * nd(rng);
    l.x.resize(size_t(n * cols));
    for (int64_t r = 0; r < n; ++r) {
        const float common = nd(rng);
        for (int64_t c = 0; c < cols; ++c) l.x[size_t(r * cols + c)] = 0.7f * common + nd(rng) * (c % 17 == 0 ? 8.0f : 1.0f);
    }
    l.h = qs::hessianFromRows(l.x.data(), n, cols);
    return l;
}

double outErr(const Layer& l, const std::vector<float>& what) {
    return qs::relativeOutputError(l.w.data(), what.data(), l.rows, l.cols, l.h);
}

} // namespace

class TestGptq : public QObject {
    Q_OBJECT
private slots:
    void identityHessianIsRtn() {
        const Layer l = makeLayer(8, 256, 4);
        std::vector<double> eye(size_t(l.cols * l.cols), 0.0);
        for (int64_t i = 0; i < l.cols; ++i) eye[size_t(i * l.cols + i)] = 3.0;
        const auto spec = qs::QuantSpec::integer(qs::QuantMethod::GPTQ, 4, qs::Granularity::Group, 64, false);
        const auto g = qs::quantizeGptq(l.w.data(), l.rows, l.cols, eye.data(), spec);
        const auto r = qs::quantizeRtnResult(l.w.data(), l.rows, l.cols, spec);
        QVERIFY(g.weight == r.weight);
        QVERIFY(g.matrix->codes == r.matrix->codes);
    }

    void beatsRtnOnIntegerGrids() {
        const Layer l = makeLayer(64, 256, 512);
        for (bool sym : {false, true})
            for (int bits : {2, 3, 4, 8})
                for (int variant = 0; variant < 3; ++variant) {
                    const auto spec = qs::QuantSpec::integer(qs::QuantMethod::GPTQ, bits, qs::Granularity::Group, 64, sym);
                    qs::GptqOptions opt;
                    opt.actOrder = variant > 0;
                    opt.staticGroups = variant == 2;
                    const auto g = qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), spec, opt);
                    const auto r = qs::quantizeRtnResult(l.w.data(), l.rows, l.cols, spec);
                    QVERIFY2(outErr(l, g.weight) < outErr(l, r.weight), spec.toString().c_str());
                    // The stored form decodes to the effective weight, act-order's scattered groups included.
                    QVERIFY(qs::dequantize(*g.matrix) == g.weight);
                    QCOMPARE(g.matrix->columnGroup.empty(), variant != 1);
                }
    }

    void ggufBlocksAreValidAndBetter() {
        const Layer l = makeLayer(16, 512, 768);
        for (auto t : {qs::DType::Q4_0, qs::DType::Q4_1, qs::DType::Q5_0, qs::DType::Q5_1, qs::DType::Q8_0, qs::DType::Q2_K,
                       qs::DType::Q3_K, qs::DType::Q4_K, qs::DType::Q5_K, qs::DType::Q6_K}) {
            const auto& tr = qs::traits(t);
            for (bool staticActOrder : {false, true}) {
                qs::GptqOptions opt;
                opt.actOrder = opt.staticGroups = staticActOrder;
                const auto g = qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), qs::QuantSpec::gguf(t, qs::QuantMethod::GPTQ), opt);
                QCOMPARE(int64_t(g.blocks.size()), l.rows * qs::rowBytes(tr, l.cols));
                std::vector<float> decoded(size_t(l.rows * l.cols));
                for (int64_t r = 0; r < l.rows; ++r)
                    tr.toFloat(g.blocks.data() + r * qs::rowBytes(tr, l.cols), decoded.data() + r * l.cols, l.cols);
                QVERIFY(decoded == g.weight);
                const auto rtn = qs::quantizeRtnResult(l.w.data(), l.rows, l.cols, qs::QuantSpec::gguf(t));
                const double eg = outErr(l, g.weight), er = outErr(l, rtn.weight);
                QVERIFY2(eg < er, (std::string(tr.name) + " gptq " + std::to_string(eg) + " rtn " + std::to_string(er)).c_str());
            }
        }
    }

    void deadInputsAndSingularHessian() {
        Layer l = makeLayer(8, 128, 16); // 16 rows for 128 inputs: H has rank ≤ 16
        for (int64_t r = 0; r < l.n; ++r) l.x[size_t(r * l.cols + 5)] = 0.0f;
        l.h = qs::hessianFromRows(l.x.data(), l.n, l.cols);
        const auto spec = qs::QuantSpec::integer(qs::QuantMethod::GPTQ, 4, qs::Granularity::Group, 128, false);
        const auto g = qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), spec);
        for (int64_t r = 0; r < l.rows; ++r) QCOMPARE(g.weight[size_t(r * l.cols + 5)], 0.0f);
        QVERIFY(!g.notes.empty() && g.notes[0].find("dead") != std::string::npos);
        // Without dampening the rank-deficient Hessian has no Cholesky factor: dampening is raised and noted.
        qs::GptqOptions noDamp;
        noDamp.dampPercent = 0.0;
        const auto s = qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), spec, noDamp);
        QVERIFY(std::any_of(s.notes.begin(), s.notes.end(), [](auto& n) { return n.find("raised") != std::string::npos; }));
    }

    void threadCountIndependent() {
        const Layer l = makeLayer(300, 256, 256);
        const auto spec = qs::QuantSpec::integer(qs::QuantMethod::GPTQ, 3, qs::Granularity::Group, 128, false);
        qs::GptqOptions opt;
        opt.actOrder = true;
        const auto a = qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), spec, opt);
        for (int threads : {1, 2, 3}) {
            qs::ThreadPool pool(threads);
            QVERIFY(qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), spec, opt, &pool).weight == a.weight);
        }
    }

    void refusals() {
        const Layer l = makeLayer(4, 128, 8);
        auto spec = qs::QuantSpec::integer(qs::QuantMethod::GPTQ, 4, qs::Granularity::Group, 96, false);
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(), spec)); // 96 ∤ 128
        qs::GptqOptions dyn;
        dyn.actOrder = true;
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(),
                                                             qs::QuantSpec::gguf(qs::DType::Q4_K, qs::QuantMethod::GPTQ), dyn)); // 256 ∤ 128
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeGptq(l.w.data(), l.rows, l.cols, l.h.data(),
                                                             qs::QuantSpec::gguf(qs::DType::Q4_0, qs::QuantMethod::GPTQ), dyn));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeLayer(l.w.data(), l.rows, l.cols,
                                                              qs::QuantSpec::integer(qs::QuantMethod::GPTQ, 4, qs::Granularity::Group, 64, false),
                                                              nullptr)); // no calibration
    }
};

QTEST_GUILESS_MAIN(TestGptq)
#include "test_gptq.moc"
