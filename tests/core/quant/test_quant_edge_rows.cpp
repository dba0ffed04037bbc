// Hand-made rows through every block type (dispatched kernels): all-zero rows, constants, a single
// outlier, and power-of-two rescaling (huge and tiny magnitudes inside fp16's range change only the fp16
// scale fields). NaN/Inf input is refused before quantizing, so it is not a kernel case.
#include "core/quant/kernels/dispatch.h"
#include "core/util/half.h"
#include "tests/core/quant/quant_test_rows.h"

#include <QtTest>
#include <cmath>

using namespace qs;

namespace {

const DType kTypes[] = {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K,
                        DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K};

struct RoundTrip {
    std::vector<uint8_t> q;
    std::vector<float> y;
};
RoundTrip roundTrip(DType t, const std::vector<float>& x) {
    const TypeTraits& tt = traits(t);
    const int64_t n = int64_t(x.size());
    RoundTrip r{std::vector<uint8_t>(size_t(rowBytes(tt, n))), std::vector<float>(x.size())};
    kernels(t).fromFloat(x.data(), r.q.data(), n);
    kernels(t).toFloat(r.q.data(), r.y.data(), n);
    return r;
}

// Byte offsets of the fp16 scale fields in a block.
std::vector<int> halfFields(DType t) {
    switch (t) {
    case DType::Q4_1: case DType::Q5_1: case DType::Q4_K: case DType::Q5_K: return {0, 2};
    case DType::Q2_K: return {80, 82};
    case DType::Q3_K: return {108};
    case DType::Q6_K: return {208};
    default: return {0};
    }
}

} // namespace

class TestQuantEdgeRows : public QObject {
    Q_OBJECT
private slots:
    void zerosStayZero() {
        const std::vector<float> x(size_t(test::kRowLength), 0.0f);
        for (DType t : kTypes) {
            const auto r = roundTrip(t, x);
            for (float v : r.y) QCOMPARE(v, 0.0f);
        }
        // ggml's exact bytes: Q4_0 and Q5_0 store d = 0/−8 = −0 and the offset level; the others are all zero.
        const auto q40 = roundTrip(DType::Q4_0, x).q;
        QCOMPARE(int(q40[0]), 0x00);
        QCOMPARE(int(q40[1]), 0x80);
        QCOMPARE(int(q40[2]), 0x88);
        const auto q50 = roundTrip(DType::Q5_0, x).q;
        QCOMPARE(int(q50[1]), 0x80);
        QCOMPARE(int(q50[2]), 0xFF); // qh: bit 4 of level 16 for every element
        QCOMPARE(int(q50[6]), 0x00);
        for (DType t : {DType::Q4_1, DType::Q5_1, DType::Q8_0, DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K,
                        DType::Q6_K})
            for (uint8_t b : roundTrip(t, x).q) QCOMPARE(int(b), 0);
    }

    void constantsAreReproduced() {
        for (float c : {0.75f, -1.25f, 4.0f, -200.0f}) // scales stay normal fp16 (tiny ones lose precision)
            for (DType t : kTypes) {
                const auto r = roundTrip(t, std::vector<float>(size_t(test::kRowLength), c));
                for (float v : r.y)
                    QVERIFY2(std::fabs(v - c) <= 2e-3f * std::fabs(c),
                             qPrintable(QString("%1 constant %2 -> %3").arg(typeName(t).data()).arg(double(c)).arg(double(v))));
            }
    }

    void singleOutlierIsKept() {
        std::vector<float> x(size_t(test::kRowLength), 0.0f);
        x[77] = 40.0f;
        x[700] = -13.0f;
        for (DType t : kTypes) {
            const auto r = roundTrip(t, x);
            for (size_t i = 0; i < x.size(); ++i) {
                // Asymmetric types cannot hit 0 exactly next to an outlier: allow fp16 precision of the block range.
                const size_t w0 = i / 256 * 256;
                float range = 0;
                for (size_t j = w0; j < w0 + 256; ++j) range = std::max(range, std::fabs(x[j]));
                const float tol = range * 2e-3f;
                QVERIFY2(std::fabs(r.y[i] - x[i]) <= tol,
                         qPrintable(QString("%1 [%2]: %3 -> %4").arg(typeName(t).data()).arg(i).arg(double(x[i])).arg(double(r.y[i]))));
            }
        }
    }

    // Scaling by 2^k (inside fp16's normal range) is exact through every step of every quantizer, so the
    // bytes change only in the fp16 scales, which scale by 2^k themselves.
    void powerOfTwoScalingChangesOnlyScales() {
        const auto rows = test::adversarialRows();
        const std::vector<float>& base = rows.front().x; // normal * 1
        for (int k : {-3, 5}) { // keeps every fp16 scale normal
            std::vector<float> scaled(base);
            for (float& v : scaled) v = std::ldexp(v, k);
            for (DType t : kTypes) {
                const TypeTraits& tt = traits(t);
                const auto a = roundTrip(t, base).q, b = roundTrip(t, scaled).q;
                const auto fields = halfFields(t);
                for (size_t i = 0; i < a.size(); ++i) {
                    const int off = int(i % size_t(tt.bytesPerBlock));
                    const bool isHalf = std::find(fields.begin(), fields.end(), off) != fields.end();
                    const bool isHalfHigh = std::find(fields.begin(), fields.end(), off - 1) != fields.end();
                    if (isHalfHigh) continue;
                    if (!isHalf) {
                        QVERIFY2(a[i] == b[i], qPrintable(QString("%1 k=%2 byte %3").arg(typeName(t).data()).arg(k).arg(i)));
                        continue;
                    }
                    const float da = fp16ToFp32(uint16_t(a[i] | a[i + 1] << 8)), db = fp16ToFp32(uint16_t(b[i] | b[i + 1] << 8));
                    QVERIFY2(db == std::ldexp(da, k), qPrintable(QString("%1 k=%2 scale at byte %3").arg(typeName(t).data()).arg(k).arg(i)));
                }
            }
        }
    }

    // Magnitudes far outside fp16's range: tiny rows flush the fp16 scales to zero and decode to zeros;
    // huge rows overflow them to ±Inf (llama-quantize's row validation would reject such a tensor) — except
// Q3_K, whose x² weights overflow first: its scale search yields NaN, the max-scale scan skips NaN, d = 0.
    void outOfFp16Range() {
        std::vector<float> tiny(size_t(test::kRowLength)), huge(tiny.size());
        for (size_t i = 0; i < tiny.size(); ++i) {
            tiny[i] = 1e-30f * float(int(i % 13) - 6);
            huge[i] = 1e30f * float(int(i % 13) - 6);
        }
        for (DType t : kTypes) {
            for (float v : roundTrip(t, tiny).y) QVERIFY(std::fabs(v) < 1e-29f);
            const auto q = roundTrip(t, huge).q;
            const int off = halfFields(t)[0];
            const uint16_t d = uint16_t(q[size_t(off)] | q[size_t(off) + 1] << 8);
            if (t == DType::Q3_K || t == DType::Q6_K) QCOMPARE(int(d), 0);
            else QVERIFY2((d & 0x7fff) == 0x7c00, typeName(t).data());
        }
    }
};

QTEST_GUILESS_MAIN(TestQuantEdgeRows)
#include "test_quant_edge_rows.moc"
