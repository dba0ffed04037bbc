// The tiled Cholesky factorisation and triangular inverse: L Lᵀ = A and L⁻¹ L = I to fp32 accuracy on sizes
// around the tile (256), bit-identical results at 1, 2 and 3 threads, and refusal of an indefinite matrix.
#include "core/quant/cholesky.h"
#include "core/util/thread_pool.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace {

// X Xᵀ / k + I for a random X [n, k] with k = n + 8, plus a few loud channels: symmetric positive definite with
// a spread-out spectrum. Only the lower triangle is filled; the strict upper one holds NaN, which must never be read.
std::vector<float> spd(int64_t n, uint64_t seed) {
    const int64_t k = n + 8;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> nd(0.0, 1.0);
    std::vector<double> x(size_t(n * k));
    for (double& v : x) v = nd(rng);
    std::vector<float> a(size_t(n * n));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j <= i; ++j) {
            double s = 0;
            for (int64_t t = 0; t < k; ++t) s += x[size_t(i * k + t)] * x[size_t(j * k + t)];
            const double loud = (i % 50 == 0 ? 30.0 : 1.0) * (j % 50 == 0 ? 30.0 : 1.0);
            s = loud * s / double(k) + (i == j ? 1.0 : 0.0);
            a[size_t(i * n + j)] = float(s);
            if (j != i) a[size_t(j * n + i)] = std::numeric_limits<float>::quiet_NaN();
        }
    return a;
}

// Bit-identical (NaN included, which == would never call equal).
bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

class TestCholesky : public QObject {
    Q_OBJECT
private slots:
    void factorAndInverse_data() {
        QTest::addColumn<int>("n");
        for (int n : {1, 7, 255, 256, 257, 600}) QTest::newRow(std::to_string(n).c_str()) << n;
    }
    void factorAndInverse() {
        QFETCH(int, n);
        const std::vector<float> a = spd(n, uint64_t(n));
        qs::ThreadPool pool(2);
        std::vector<float> l = a;
        QVERIFY(qs::choleskyLower(l, n, &pool));
        double worst = 0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j <= i; ++j) {
                double s = 0;
                for (int64_t t = 0; t <= j; ++t) s += double(l[size_t(i * n + t)]) * double(l[size_t(j * n + t)]);
                const double scale = std::sqrt(double(a[size_t(i * n + i)]) * double(a[size_t(j * n + j)]));
                worst = std::max(worst, std::fabs(s - double(a[size_t(i * n + j)])) / scale);
            }
        qInfo("n %d: max |L Lt - A| / sqrt(a_ii a_jj) = %.3g", n, worst);
        QVERIFY2(worst < 1e-5, qPrintable(QString("max |L Lt - A| = %1").arg(worst)));

        const std::vector<float> inv = qs::inverseLower(l, n, &pool);
        worst = 0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j) {
                if (j > i) {
                    QCOMPARE(inv[size_t(i * n + j)], 0.0f);
                    continue;
                }
                double s = 0;
                for (int64_t t = j; t <= i; ++t) s += double(inv[size_t(i * n + t)]) * double(l[size_t(t * n + j)]);
                worst = std::max(worst, std::fabs(s - (i == j ? 1.0 : 0.0)));
            }
        qInfo("n %d: max |L^-1 L - I| = %.3g", n, worst);
        QVERIFY2(worst < 1e-5, qPrintable(QString("max |L^-1 L - I| = %1").arg(worst)));
    }

    void independentOfThreadCount() {
        const int64_t n = 700;
        const std::vector<float> a = spd(n, 3);
        std::vector<float> first, firstInv;
        for (int threads : {1, 2, 3}) {
            qs::ThreadPool pool(threads);
            std::vector<float> l = a;
            QVERIFY(qs::choleskyLower(l, n, &pool));
            const std::vector<float> inv = qs::inverseLower(l, n, &pool);
            if (first.empty()) {
                first = l, firstInv = inv;
                std::vector<float> serial = a;
                QVERIFY(qs::choleskyLower(serial, n, nullptr));
                QVERIFY(sameBits(serial, first));
                QVERIFY(qs::inverseLower(serial, n, nullptr) == firstInv);
            } else {
                QVERIFY(sameBits(l, first));
                QVERIFY(inv == firstInv);
            }
        }
    }

    void refusesIndefinite() {
        const int64_t n = 300;
        std::vector<float> a = spd(n, 5);
        a[size_t(290 * n + 290)] = -1.0f; // a negative pivot in the last tile
        qs::ThreadPool pool(2);
        QVERIFY(!qs::choleskyLower(a, n, &pool));
    }
};

QTEST_GUILESS_MAIN(TestCholesky)
#include "test_cholesky.moc"
