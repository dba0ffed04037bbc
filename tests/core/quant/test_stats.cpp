// Tensor statistics: synthetic data with known answers, thread-count independence, a real austen-5m tensor
// (reference numbers computed independently in plain Python from the safetensors bytes).
#include "core/model/model.h"
#include "core/quant/stats.h"
#include "core/util/thread_pool.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

namespace {
bool near(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::fabs(b); }
} // namespace

class TestStats : public QObject {
    Q_OBJECT
private slots:
    void twoPointDistribution() {
        // ±1 in equal numbers: mean 0, std 1, excess kurtosis 1 − 3 = −2.
        const std::vector<float> w = {-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1};
        qs::ThreadPool pool(1);
        qs::StatsOptions opt;
        opt.bins = 2;
        auto s = qs::computeStats(w.data(), 3, 4, opt, pool);
        QCOMPARE(s.count, int64_t(12));
        QCOMPARE(s.mean, 0.0);
        QCOMPARE(s.stddev, 1.0);
        QCOMPARE(s.kurtosis, -2.0);
        QCOMPARE(s.absmax, 1.0);
        QCOMPARE(s.histogram.counts, (std::vector<int64_t>{6, 6}));
        QCOMPARE(s.rowAbsmax, std::vector<float>(3, 1.0f));
        QCOMPARE(s.outliers, int64_t(0));
    }

    void outliersAndChannels() {
        const int64_t rows = 1000, cols = 50;
        std::vector<float> w(size_t(rows * cols));
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < cols; ++c) w[size_t(r * cols + c)] = (r + c) % 2 ? 1.0f : -1.0f;
        w[17 * cols + 42] = 1000.0f;
        w[900 * cols + 3] = -500.0f;
        w[5 * cols + 9] = std::nanf("");
        qs::ThreadPool pool(2);
        qs::StatsOptions opt;
        opt.topK = 3;
        auto s = qs::computeStats(w.data(), rows, cols, opt, pool);
        QCOMPARE(s.nonFinite, int64_t(1));
        QCOMPARE(s.count, rows * cols - 1);
        // Plain power sums are exact enough for this data (mean near 0).
        double sum = 0, sum2 = 0;
        for (float x : w)
            if (std::isfinite(x)) sum += x, sum2 += double(x) * x;
        const double mean = sum / double(s.count), var = sum2 / double(s.count) - mean * mean;
        QVERIFY(near(s.mean, mean, 1e-12));
        QVERIFY(near(s.stddev, std::sqrt(var), 1e-12));
        QCOMPARE(s.outliers, int64_t(2)); // 6σ ≈ 31: only the two spikes
        QCOMPARE(s.outlierRatio, 2.0 / double(s.count));
        QCOMPARE(s.absmax, 1000.0);
        QCOMPARE(s.rowAbsmax[17], 1000.0f);
        QCOMPARE(s.rowAbsmax[900], 500.0f);
        QCOMPARE(s.colAbsmax[42], 1000.0f);
        QCOMPARE(int(s.topChannels.size()), 3);
        QCOMPARE(s.topChannels[0].channel, int64_t(42));
        QCOMPARE(s.topChannels[1].channel, int64_t(3));
        QCOMPARE(s.topChannels[1].outliers, int64_t(1));
        QCOMPARE(s.topChannels[2].channel, int64_t(0)); // ties broken by the lower index
        int64_t total = 0;
        for (auto c : s.histogram.counts) total += c;
        QCOMPARE(total, s.count);
        QCOMPARE(s.histogram.counts.front(), int64_t(1)); // −500
        QCOMPARE(s.histogram.counts.back(), int64_t(1));  // 1000
        auto j = qs::toJson(s);
        QCOMPARE(j["outliers"].get<int64_t>(), int64_t(2));
        QCOMPARE(j["top_channels"][0]["channel"].get<int64_t>(), int64_t(42));
        QCOMPARE(j["col_absmax"].size(), size_t(cols));
    }

    void logMagnitudeHistogram() {
        const std::vector<float> w = {0.0f, 0.001f, -0.003f, 0.03f, -0.3f, 1.0f};
        qs::ThreadPool pool(1);
        qs::StatsOptions opt;
        opt.bins = 3;
        opt.scale = qs::HistogramScale::LogMagnitude;
        auto s = qs::computeStats(w.data(), 1, 6, opt, pool);
        QCOMPARE(s.histogram.zeros, int64_t(1));
        QCOMPARE(s.histogram.counts, (std::vector<int64_t>{2, 1, 2}));
        QVERIFY(near(s.histogram.lo, -3.0, 1e-6));
        QCOMPARE(s.histogram.hi, 0.0);
    }

    void identicalAtAnyThreadCount() {
        const int64_t rows = 1000, cols = 300;
        std::mt19937 rng(5);
        std::student_t_distribution<float> d(4.0f);
        std::vector<float> w(size_t(rows * cols));
        for (float& x : w) x = 0.5f + d(rng);
        qs::StatsOptions opt;
        opt.sigmaK = 3;
        qs::ThreadPool one(1);
        const auto ref = qs::toJson(qs::computeStats(w.data(), rows, cols, opt, one)).dump();
        for (int threads : {2, 3, 4}) {
            qs::ThreadPool pool(threads);
            QCOMPARE(qs::toJson(qs::computeStats(w.data(), rows, cols, opt, pool)).dump(), ref);
        }
    }

    void realTensor() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const qs::Model m = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        qs::ThreadPool pool(2);
        qs::StatsOptions opt;
        opt.bins = 16;
        opt.sigmaK = 3;
        opt.topK = 4;
        opt.rankBy = qs::ChannelRank::OutlierCount;
        const qs::TensorInfo* t = m.find("model.layers.0.mlp.down_proj.weight");
        QVERIFY(t);
        auto s = qs::computeStats(m, *t, opt, pool);
        QCOMPARE(s.rows, int64_t(256));
        QCOMPARE(s.cols, int64_t(768));
        QVERIFY(near(s.mean, 1.9033336078185432e-05, 1e-9));
        QVERIFY(near(s.stddev, 0.017621958275006084, 1e-12));
        QVERIFY(near(s.kurtosis, 0.030647256773524312, 1e-9));
        QCOMPARE(s.absmax, 0.07965087890625);
        QCOMPARE(s.min, -0.07965087890625);
        QCOMPARE(s.max, 0.07867431640625);
        QCOMPARE(s.outliers, int64_t(584));
        QCOMPARE(s.histogram.counts, (std::vector<int64_t>{14, 55, 450, 1820, 6169, 15918, 30087, 41355, 42388, 31514,
                                                           17200, 7030, 2049, 473, 76, 10}));
        QCOMPARE(s.rowAbsmax[0], 0.05279541015625f);
        const std::vector<std::pair<int64_t, int64_t>> top = {{589, 7}, {470, 6}, {675, 6}, {278, 6}};
        for (size_t i = 0; i < top.size(); ++i) {
            QCOMPARE(s.topChannels[i].channel, top[i].first);
            QCOMPARE(s.topChannels[i].outliers, top[i].second);
        }
        opt.rankBy = qs::ChannelRank::Absmax;
        opt.scale = qs::HistogramScale::LogMagnitude;
        opt.bins = 8;
        s = qs::computeStats(m, *t, opt, pool);
        QCOMPARE(s.topChannels[0].channel, int64_t(603));
        QCOMPARE(s.topChannels[1].channel, int64_t(511));
        QCOMPARE(s.histogram.zeros, int64_t(2));
        QCOMPARE(s.histogram.counts, (std::vector<int64_t>{5, 29, 169, 918, 4298, 22000, 95993, 73194}));

        // A norm weight: mean near 1, where raw power sums would lose the kurtosis.
        auto n = qs::computeStats(m, *m.find("model.layers.0.input_layernorm.weight"), opt, pool);
        QCOMPARE(n.rows, int64_t(1));
        QVERIFY(near(n.mean, 0.9488315582275391, 1e-12));
        QVERIFY(near(n.stddev, 0.012768097621102084, 1e-9));
        QVERIFY(near(n.kurtosis, -0.39805620898605554, 1e-7));
    }
};

QTEST_GUILESS_MAIN(TestStats)
#include "test_stats.moc"
