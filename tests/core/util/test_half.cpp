#include "core/util/half.h"

#include <QtTest>
#include <bit>
#include <cmath>

class TestHalf : public QObject {
    Q_OBJECT
private slots:
    void roundTripsEveryHalf() {
        for (uint32_t h = 0; h < 0x10000; ++h) {
            float f = qs::fp16ToFp32(uint16_t(h));
            if (std::isnan(f)) continue;
            QCOMPARE(qs::fp32ToFp16(f), uint16_t(h));
        }
    }
    void roundsToNearestEven() {
        // 1 + 2^-11 lies exactly between 1 and the next half; ties go to the even mantissa (1.0).
        QCOMPARE(qs::fp32ToFp16(1.0f + std::ldexp(1.0f, -11)), uint16_t(0x3c00));
        QCOMPARE(qs::fp32ToFp16(1.0f + 3 * std::ldexp(1.0f, -11)), uint16_t(0x3c02));
        QCOMPARE(qs::fp32ToFp16(65520.0f), uint16_t(0x7c00)); // overflow to Inf
        QCOMPARE(qs::fp32ToFp16(std::ldexp(1.0f, -24)), uint16_t(0x0001)); // smallest subnormal
        QCOMPARE(qs::fp32ToFp16(std::nanf("")) & 0x7e00, 0x7e00);
    }
    void bf16() {
        QCOMPARE(qs::bf16ToFp32(0x3f80), 1.0f);
        QCOMPARE(qs::fp32ToBf16(std::bit_cast<float>(0x3f808000u)), uint16_t(0x3f80)); // tie to even
        QCOMPARE(qs::fp32ToBf16(std::bit_cast<float>(0x3f818000u)), uint16_t(0x3f82));
    }
};

QTEST_GUILESS_MAIN(TestHalf)
#include "test_half.moc"
