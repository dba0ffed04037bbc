// Error metrics against hand-computed values.
#include "core/quant/metrics.h"
#include "core/util/thread_pool.h"

#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void handComputed() {
        // W = [[1, 2], [3, 4]], Ŵ = [[1, 2], [3, 2]]: one error of 2.
        const float w[4] = {1, 2, 3, 4}, q[4] = {1, 2, 3, 2};
        auto m = qs::weightError(w, q, 2, 2);
        QCOMPARE(m.count, int64_t(4));
        QCOMPARE(m.mse, 1.0);           // 4 / 4
        QCOMPARE(m.rmse, 1.0);
        QCOMPARE(m.maxAbs, 2.0);
        QCOMPARE(m.sqnrDb, 10.0 * std::log10(30.0 / 4.0)); // ΣW² = 30
        QCOMPARE(m.cosine, 22.0 / std::sqrt(30.0 * 18.0));   // <W,Ŵ> = 1+4+9+8, ΣŴ² = 18
        QCOMPARE(m.relFrobenius, std::sqrt(4.0 / 30.0));
        // X = [[1, 0], [1, 1]]: XWᵀ = [[1, 3], [3, 7]] (Σ² = 68), X(W−Ŵ)ᵀ = [[0, 0], [0, 2]] (Σ² = 4).
        const float x[4] = {1, 0, 1, 1};
        QCOMPARE(qs::relOutputError(x, 2, w, q, 2, 2), 4.0 / 68.0);
        auto j = qs::toJson(qs::errorMetrics(w, q, 2, 2, x, 2));
        QCOMPARE(j["rel_output_error"].get<double>(), 4.0 / 68.0);
        QCOMPARE(j["mse"].get<double>(), 1.0);
    }

    void identicalWeights() {
        const float w[3] = {1, -2, 3};
        auto m = qs::weightError(w, w, 1, 3);
        QCOMPARE(m.mse, 0.0);
        QVERIFY(std::isinf(m.sqnrDb));
        QCOMPARE(m.cosine, 1.0);
        QVERIFY(qs::toJson(m)["sqnr_db"].is_null());
    }

    void identicalAtAnyThreadCount() {
        const int64_t rows = 700, cols = 300, xRows = 200;
        std::mt19937 rng(11);
        std::normal_distribution<float> d(0.0f, 1.0f);
        std::vector<float> w(size_t(rows * cols)), q(w.size()), x(size_t(xRows * cols));
        for (size_t i = 0; i < w.size(); ++i) {
            w[i] = d(rng);
            q[i] = w[i] + 0.01f * d(rng);
        }
        for (float& v : x) v = d(rng);
        auto ref = qs::errorMetrics(w.data(), q.data(), rows, cols, x.data(), xRows);
        QVERIFY(std::fabs(*ref.relOutputError / 1e-4 - 1) < 0.05); // E‖xᵀd‖² / E‖xᵀw‖² = 0.01²
        for (int threads : {1, 2, 3}) {
            qs::ThreadPool pool(threads);
            auto m = qs::errorMetrics(w.data(), q.data(), rows, cols, x.data(), xRows, &pool);
            QCOMPARE(m.mse, ref.mse);
            QCOMPARE(m.cosine, ref.cosine);
            QCOMPARE(*m.relOutputError, *ref.relOutputError);
        }
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
