// The weighted (imatrix) quantizers' contract beyond byte-exactness with llama.cpp (which
// tests/core/export/test_gguf_export_imatrix.cpp checks on the reference files).
#include "core/quant/kernels/dispatch.h"
#include "core/quant/kernels/kquant_helpers.h"
#include "tests/core/quant/quant_test_rows.h"

#include <QtTest>

using namespace qs;

namespace {

const DType kWeighted[] = {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q2_K,
                           DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K};

// Σ w·(x − dequant(quant(x)))² over one row.
double weightedError(const TypeTraits& tt, const std::vector<uint8_t>& q, const float* x, const float* w, int64_t n) {
    std::vector<float> y(static_cast<size_t>(n));
    tt.toFloat(q.data(), y.data(), n);
    double e = 0;
    for (int64_t i = 0; i < n; ++i) e += double(w[i]) * (double(x[i]) - y[size_t(i)]) * (double(x[i]) - y[size_t(i)]);
    return e;
}

} // namespace

class TestQuantWeighted : public QObject {
    Q_OBJECT
private slots:
    void typesThatIgnoreImportances() {
        for (DType t : {DType::F32, DType::F16, DType::BF16, DType::Q8_0}) QVERIFY(!traits(t).fromFloatWeightedRef);
        for (DType t : kWeighted) QVERIFY(traits(t).fromFloatWeightedRef);
    }

    // Without importances llama.cpp's _impl paths are the _ref ones; so are ours.
    void nullImportancesGiveTheReference() {
        for (DType t : kWeighted) {
            const TypeTraits& tt = traits(t);
            std::vector<uint8_t> a(size_t(rowBytes(tt, test::kRowLength))), b(a.size());
            for (const auto& row : test::adversarialRows()) {
                tt.fromFloatRef(row.x.data(), a.data(), test::kRowLength);
                tt.fromFloatWeightedRef(row.x.data(), b.data(), test::kRowLength, nullptr);
                QVERIFY2(a == b, (std::string(tt.name) + " " + row.name).c_str());
            }
        }
    }

    // make_qp_quants keeps ggml's uint8_t levels: a negative input (a degenerate sub-block scale) wraps to a
    // byte above nmax instead of being clamped (formats.md §11.4), and the wrapped byte is what is stored.
    void qpLevelsWrapLikeBytes() {
        const float x[8] = {1, 2, 3, 4, 5, 6, 7, -0.5f}, w[8] = {1, 1, 1, 1, 1, 1, 1, 1};
        uint8_t L[8];
        const float scale = quant::makeQpQuants(8, 63, x, L, w);
        QCOMPARE(int(L[7]), 256 - 5); // nearest_int(−0.5·iscale) = −5 for the chosen iscale ≈ 63.1/7, as a byte
        for (int i = 0; i < 7; ++i) QVERIFY(L[i] <= 63);
        QVERIFY(scale > 0);
        const float zeros[8] = {};
        QCOMPARE(quant::makeQpQuants(8, 63, zeros, L, w), 0.0f);
        for (uint8_t l : L) QCOMPARE(int(l), 0);
    }

    // What the weights are for: on rows whose columns matter unequally, the weighted quantizer has a lower
    // importance-weighted error than the plain one (summed over many rows).
    void importancesLowerTheWeightedError() {
        const int64_t rows = 16, n = test::kRowLength;
        const auto x = test::randomRows(rows, 5);
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> expo(-4.f, 4.f);
        std::vector<float> w(static_cast<size_t>(n));
        for (auto& v : w) v = std::exp2(expo(rng));
        for (DType t : kWeighted) {
            const TypeTraits& tt = traits(t);
            std::vector<uint8_t> q(size_t(rowBytes(tt, n)));
            double plain = 0, weighted = 0;
            for (int64_t r = 0; r < rows; ++r) {
                const float* xr = x.data() + r * n;
                tt.fromFloatRef(xr, q.data(), n);
                plain += weightedError(tt, q, xr, w.data(), n);
                tt.fromFloatWeightedRef(xr, q.data(), n, w.data());
                weighted += weightedError(tt, q, xr, w.data(), n);
            }
            qInfo("%s: weighted error %.4g with importances, %.4g without", tt.name.data(), weighted, plain);
            QVERIFY2(weighted < plain, tt.name.data());
        }
    }
};

QTEST_GUILESS_MAIN(TestQuantWeighted)
#include "test_quant_weighted.moc"
