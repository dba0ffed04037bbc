// AWQ's candidate scales: llm-awq's mean|x|^α and AutoAWQ's duo form mean|x|^α / (w̄^(1−α) + 1e-4), both
// normalised by √(max · min), and w̄ as AutoAWQ computes it (|w| over its group's absmax, averaged over rows).
#include "core/quant/awq.h"

#include <QtTest>
#include <cmath>

class TestAwqScales : public QObject {
    Q_OBJECT
private slots:
    void plainScalesAreNormalisedPowers() {
        const std::vector<double> x = {0.5, 2.0, 8.0};
        const auto s0 = qs::awqCandidateScales(x, {}, 0.0);
        for (float v : s0) QCOMPARE(v, 1.0f);
        const auto s = qs::awqCandidateScales(x, {}, 0.5); // √x = {0.707, 1.414, 2.828}, norm √(0.707·2.828) = 1.414
        QVERIFY(std::fabs(s[0] - 0.5f) < 1e-6f && std::fabs(s[1] - 1.0f) < 1e-6f && std::fabs(s[2] - 2.0f) < 1e-6f);
    }

    void duoScalesDivideByWeightMagnitude() {
        const std::vector<double> x = {1.0, 1.0};
        const std::vector<float> w = {0.25f, 1.0f};
        const auto s = qs::awqCandidateScales(x, w, 0.0); // 1 / (w̄ + 1e-4), normalised
        QVERIFY(std::fabs(s[0] / s[1] - (1.0f + 1e-4f) / (0.25f + 1e-4f)) < 1e-4f);
        QVERIFY(std::fabs(s[0] * s[1] - 1.0f) < 1e-5f); // √(max · min) normalisation
    }

    void weightMeanIsRelativeToGroupAbsmax() {
        // Two rows, one group of 2 columns: |w| / absmax per row, then the mean over rows.
        const std::vector<float> w = {1.0f, -2.0f, 3.0f, 3.0f};
        const qs::AwqLayerRef layer{w.data(), 2, true};
        const auto m = qs::awqWeightMean({layer}, 2, 2);
        QVERIFY(std::fabs(m[0] - 0.5f * (0.5f + 1.0f)) < 1e-5f);
        QVERIFY(std::fabs(m[1] - 1.0f) < 1e-5f);
    }
};

QTEST_GUILESS_MAIN(TestAwqScales)
#include "test_awq_scales.moc"
