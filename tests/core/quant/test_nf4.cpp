// NF4 exactly per formats.md §12: the level table, nearest-level codes, block-64 absmax, round trip.
#include "core/quant/nf4.h"
#include "core/quant/rtn.h"
#include "core/util/thread_pool.h"

#include <QtTest>
#include <cmath>
#include <random>

class TestNf4 : public QObject {
    Q_OBJECT
private slots:
    void levelTable() {
        const double expected[16] = {-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
                                     -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
                                     0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
                                     0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0};
        for (int i = 0; i < 16; ++i) QCOMPARE(qs::kNf4Levels[size_t(i)], float(expected[i]));
        for (int i = 0; i < 16; ++i) QCOMPARE(int(qs::nf4Code(qs::kNf4Levels[size_t(i)])), i); // levels map to themselves
    }

    void nearestLevel() {
        // bitsandbytes' thresholds: 0.03979014977812767 between codes 7/8, 0.8614784181118011 between 14/15.
        QCOMPARE(int(qs::nf4Code(0.0397f)), 7);
        QCOMPARE(int(qs::nf4Code(0.0398f)), 8);
        QCOMPARE(int(qs::nf4Code(0.8614f)), 14);
        QCOMPARE(int(qs::nf4Code(0.8615f)), 15);
        QCOMPARE(int(qs::nf4Code(-0.8480f)), 1);
        QCOMPARE(int(qs::nf4Code(-0.8482f)), 0);
        // Brute force: the code is the nearest level away from the midpoints.
        for (int k = -1000; k <= 1000; ++k) {
            const float v = float(k) / 1000.0f;
            int best = 0;
            for (int i = 1; i < 16; ++i)
                if (std::fabs(qs::kNf4Levels[size_t(i)] - v) < std::fabs(qs::kNf4Levels[size_t(best)] - v)) best = i;
            QCOMPARE(int(qs::nf4Code(v)), best);
        }
    }

    void blockRoundTrip() {
        const int64_t rows = 3, cols = 192;
        std::mt19937 rng(7);
        std::normal_distribution<float> dist(0.0f, 0.02f);
        std::vector<float> w(size_t(rows * cols));
        for (float& x : w) x = dist(rng);
        w[70] = -0.3f; // absmax of block 1 of row 0
        for (int i = 128; i < 192; ++i) w[size_t(i)] = 0.0f; // an all-zero block
        auto q = qs::quantizeRtn(w.data(), rows, cols, qs::QuantSpec::nf4());
        QCOMPARE(q.scales.size(), size_t(rows * cols / 64));
        QVERIFY(q.zeros.empty());
        QCOMPARE(q.scales[1], 0.3f);
        QCOMPARE(int(q.codes[70]), 0);
        QCOMPARE(q.scales[2], 0.0f);
        auto d = qs::dequantize(q);
        QCOMPARE(d[70], -0.3f);
        for (size_t i = 0; i < w.size(); ++i) {
            const float a = q.scales[i / 64];
            QCOMPARE(d[i], qs::kNf4Levels[q.codes[i]] * a);
            // Within half the widest level gap (−1 → −0.696) of the block's absmax.
            QVERIFY(std::fabs(d[i] - w[i]) <= 0.1520f * a + 1e-9f);
            // Re-quantizing the dequantized values gives the same codes (levels are fixed points).
            if (a > 0) QCOMPARE(qs::nf4Code(d[i] / a), q.codes[i]);
        }
        for (int i = 128; i < 192; ++i) QCOMPARE(d[size_t(i)], 0.0f);
    }
};

QTEST_GUILESS_MAIN(TestNf4)
#include "test_nf4.moc"
