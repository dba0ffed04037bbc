// Every SIMD kernel this CPU runs must be bit-identical to the scalar reference: quantized bytes and
// dequantized float bits, on random, adversarial and real-model rows, and on random block bytes.
#include "core/quant/kernels/dispatch.h"
#include "core/quant/kernels/intgrid.h"
#include "tests/core/quant/quant_test_rows.h"

#include <QtTest>

using namespace qs;

namespace {

const DType kTypes[] = {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K,
                        DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::Q8_K};

// Byte offsets of a block's fp16 scale fields, which random bytes must keep finite: F16C and the software
// table differ only on NaN payloads, and NaN scales never come out of a quantizer.
std::vector<int> halfFields(DType t) {
    switch (t) {
    case DType::Q4_1: case DType::Q5_1: case DType::Q4_K: case DType::Q5_K: return {0, 2};
    case DType::Q2_K: return {80, 82};
    case DType::Q3_K: return {108};
    case DType::Q6_K: return {208};
    case DType::Q8_K: return {};
    default: return {0};
    }
}

// Importance patterns for the weighted quantizers: realistic spreads and the degenerate ones that drive the
// scale searches into their corners (single non-zero importance per block: negative scales, wrapped levels).
std::vector<std::pair<std::string, std::vector<float>>> importancePatterns(int64_t n) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> expo(-6.f, 6.f);
    std::vector<std::pair<std::string, std::vector<float>>> out;
    auto add = [&](std::string name, auto gen) {
        std::vector<float> w(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) w[size_t(i)] = gen(i);
        out.emplace_back(std::move(name), std::move(w));
    };
    add("log-uniform", [&](int64_t) { return std::exp2(expo(rng)); });
    add("ones", [](int64_t) { return 1.0f; });
    add("zeros", [](int64_t) { return 0.0f; });
    add("sparse zeros", [&](int64_t) { return rng() % 3 ? std::exp2(expo(rng)) : 0.0f; });
    add("one per 32", [](int64_t i) { return i % 32 == 7 ? 3.0f : 0.0f; });
    add("one per 16", [](int64_t i) { return i % 16 == 11 ? 0.5f : 0.0f; });
    add("huge", [&](int64_t) { return 1e30f * std::exp2(expo(rng)); });
    add("tiny", [&](int64_t) { return 1e-30f * std::exp2(expo(rng)); });
    return out;
}

} // namespace

class TestSimdExact : public QObject {
    Q_OBJECT
private:
    std::vector<SimdIsa> isas_;

    void compareQuantize(const TypeTraits& tt, SimdIsa isa, const std::string& what, const float* x, int64_t n) {
        const KernelPair simd = kernelsFor(tt.type, isa);
        if (!simd.fromFloat) return;
        std::vector<uint8_t> a(size_t(rowBytes(tt, n))), b(a.size(), 0xAA);
        tt.fromFloatRef(x, a.data(), n);
        simd.fromFloat(x, b.data(), n);
        if (a != b) {
            size_t i = 0;
            while (a[i] == b[i]) ++i;
            QFAIL(qPrintable(QString("%1 %2 quantize, row '%3': byte %4 (block %5 +%6) scalar %7 simd %8")
                                 .arg(tt.name.data()).arg(simdName(isa).data()).arg(what.c_str()).arg(i)
                                 .arg(i / size_t(tt.bytesPerBlock)).arg(i % size_t(tt.bytesPerBlock))
                                 .arg(a[i]).arg(b[i])));
        }
    }
    void compareDequantize(const TypeTraits& tt, SimdIsa isa, const std::string& what, const uint8_t* q, int64_t n) {
        const KernelPair simd = kernelsFor(tt.type, isa);
        if (!simd.toFloat) return;
        std::vector<float> a(static_cast<size_t>(n)), b(static_cast<size_t>(n), -7.0f);
        tt.toFloat(q, a.data(), n);
        simd.toFloat(q, b.data(), n);
        int64_t at = 0;
        if (!test::sameBits(a.data(), b.data(), n, &at))
            QFAIL(qPrintable(QString("%1 %2 dequantize, '%3': element %4 scalar %5 simd %6")
                                 .arg(tt.name.data()).arg(simdName(isa).data()).arg(what.c_str()).arg(at)
                                 .arg(double(a[size_t(at)]), 0, 'g', 9).arg(double(b[size_t(at)]), 0, 'g', 9)));
    }

private slots:
    void initTestCase() {
        for (SimdIsa isa : {SimdIsa::Avx2, SimdIsa::Avx512})
            if (simdSupported(isa)) isas_.push_back(isa);
        if (isas_.empty()) QSKIP("no SIMD ISA on this CPU");
        for (SimdIsa isa : isas_) qInfo("testing %s", simdName(isa).data());
    }

    void everyTypeHasSimdDequantize() {
        for (SimdIsa isa : isas_)
            for (DType t : kTypes) QVERIFY2(kernelsFor(t, isa).toFloat, typeName(t).data());
    }

    void adversarialAndRandomRows() {
        for (SimdIsa isa : isas_)
            for (DType t : kTypes) {
                const TypeTraits& tt = traits(t);
                for (const auto& row : test::adversarialRows()) {
                    compareQuantize(tt, isa, row.name, row.x.data(), test::kRowLength);
                    std::vector<uint8_t> q(size_t(rowBytes(tt, test::kRowLength)));
                    tt.fromFloatRef(row.x.data(), q.data(), test::kRowLength);
                    compareDequantize(tt, isa, "quantized " + row.name, q.data(), test::kRowLength);
                }
                // Many random rows quantized as one call (blocks are independent).
                const auto x = test::randomRows(24, 99);
                compareQuantize(tt, isa, "random", x.data(), int64_t(x.size()));
                // Single super-blocks / blocks: the odd tails of the lane groups.
                for (int64_t n : {tt.blockSize, 3 * tt.blockSize})
                    compareQuantize(tt, isa, "short row", x.data() + 7 * 256, n);
            }
    }

    void weightedQuantizers() {
        const auto patterns = importancePatterns(test::kRowLength);
        for (SimdIsa isa : isas_)
            for (DType t : kTypes) {
                const TypeTraits& tt = traits(t);
                const KernelPair simd = kernelsFor(t, isa);
                QCOMPARE(simd.fromFloatWeighted != nullptr, tt.fromFloatWeightedRef != nullptr);
                if (!simd.fromFloatWeighted) continue;
                std::vector<uint8_t> a(size_t(rowBytes(tt, test::kRowLength))), b(a.size());
                for (const auto& row : test::adversarialRows())
                    for (const auto& [wname, w] : patterns) {
                        std::fill(b.begin(), b.end(), uint8_t(0xAA));
                        tt.fromFloatWeightedRef(row.x.data(), a.data(), test::kRowLength, w.data());
                        simd.fromFloatWeighted(row.x.data(), b.data(), test::kRowLength, w.data());
                        if (a != b) {
                            size_t i = 0;
                            while (a[i] == b[i]) ++i;
                            QFAIL(qPrintable(QString("%1 %2 weighted, row '%3', importances '%4': byte %5 (block %6 +%7) scalar %8 simd %9")
                                                 .arg(tt.name.data()).arg(simdName(isa).data()).arg(row.name.c_str())
                                                 .arg(wname.c_str()).arg(i).arg(i / size_t(tt.bytesPerBlock))
                                                 .arg(i % size_t(tt.bytesPerBlock)).arg(a[i]).arg(b[i])));
                        }
                    }
            }
    }

    // F16 / BF16 → F32 on every one of the 65,536 bit patterns (NaN payloads included), plus a short tail.
    void halfConversionsAllValues() {
        for (DType t : {DType::F16, DType::BF16}) {
            std::vector<uint16_t> all(65536 + 5);
            for (size_t i = 0; i < all.size(); ++i) all[i] = uint16_t(i * 40503u);
            for (uint32_t v = 0; v < 65536; ++v) all[v] = uint16_t(v);
            std::vector<float> want(all.size());
            traits(t).toFloat(all.data(), want.data(), int64_t(all.size()));
            for (SimdIsa isa : isas_) {
                const KernelPair k = kernelsFor(t, isa);
                if (!k.toFloat) continue;
                std::vector<float> got(all.size(), 1.0f);
                k.toFloat(all.data(), got.data(), int64_t(all.size()));
                QVERIFY2(std::memcmp(got.data(), want.data(), got.size() * 4) == 0,
                         qPrintable(QString("%1 %2").arg(typeName(t).data()).arg(simdName(isa).data())));
            }
        }
    }

    // Integer-grid RTN loops: codes and decoded values equal the scalar reference bit for bit on the shared
    // rows (every spread, ties, huge/tiny, lengths with tails), for several grids; min/max equal by value.
    void integerGridKernels() {
        const IntGridKernels ref = quant::scalarIntGridKernels();
        struct Grid { float scale; int32_t zero; int32_t qmax; };
        for (SimdIsa isa : isas_) {
            const IntGridKernels k = intGridKernelsFor(isa);
            for (const auto& row : test::adversarialRows(509u)) {
                const float* x = row.x.data();
                const int64_t n = int64_t(row.x.size()) - 3; // a tail after the last full vector
                for (int64_t len : {n, int64_t(1), int64_t(7), int64_t(128)}) {
                    float lo0, hi0, lo1, hi1;
                    ref.minMax(x, len, &lo0, &hi0);
                    k.minMax(x, len, &lo1, &hi1);
                    QVERIFY2(lo0 == lo1 && hi0 == hi1, row.name.c_str());
                }
                float lo, hi;
                ref.minMax(x, n, &lo, &hi);
                const float span = std::max(hi - lo, 1e-5f);
                for (Grid g : {Grid{span / 15, 7, 15}, Grid{span / 3, 1, 3}, Grid{span / 255, 128, 255},
                               Grid{1e-30f, 4, 15}, Grid{0.0f, 2, 3}}) {
                    std::vector<uint8_t> c0(static_cast<size_t>(n)), c1(static_cast<size_t>(n), 0xAA);
                    ref.encode(x, n, g.scale, g.zero, g.qmax, c0.data());
                    k.encode(x, n, g.scale, g.zero, g.qmax, c1.data());
                    QVERIFY2(c0 == c1, qPrintable(QString("%1 encode %2").arg(row.name.c_str()).arg(simdName(isa).data())));
                    std::vector<float> v0(static_cast<size_t>(n)), v1(static_cast<size_t>(n), 1.0f);
                    ref.decode(c0.data(), n, g.scale, g.zero, v0.data());
                    k.decode(c0.data(), n, g.scale, g.zero, v1.data());
                    QVERIFY2(std::memcmp(v0.data(), v1.data(), size_t(n) * 4) == 0, row.name.c_str());
                }
                for (int64_t b = 0; b + 64 <= n; b += 64) { // NF4 blocks
                    uint8_t c0[64], c1[64];
                    const float a0 = ref.nf4Block(x + b, 64, c0), a1 = k.nf4Block(x + b, 64, c1);
                    QVERIFY2(a0 == a1 && std::memcmp(c0, c1, 64) == 0, qPrintable(QString("%1 nf4").arg(row.name.c_str())));
                    float v0[64], v1[64];
                    ref.nf4Decode(c0, 64, a0, v0);
                    k.nf4Decode(c0, 64, a0, v1);
                    QVERIFY2(std::memcmp(v0, v1, sizeof v0) == 0, row.name.c_str());
                }
            }
        }
    }

    void randomBlockBytes() {
        std::mt19937 rng(7);
        for (SimdIsa isa : isas_)
            for (DType t : kTypes) {
                const TypeTraits& tt = traits(t);
                const int64_t nblocks = 64;
                std::vector<uint8_t> q(size_t(nblocks * tt.bytesPerBlock));
                for (auto& b : q) b = uint8_t(rng());
                for (int64_t blk = 0; blk < nblocks; ++blk)
                    for (int off : halfFields(t)) {
                        uint16_t h = uint16_t(rng());
                        if ((h & 0x7c00) == 0x7c00) h &= 0xbfff; // keep finite
                        std::memcpy(&q[size_t(blk * tt.bytesPerBlock + off)], &h, 2);
                    }
                if (t == DType::Q8_K)
                    for (int64_t blk = 0; blk < nblocks; ++blk) {
                        const float d = std::ldexp(float(int(rng() % 2001) - 1000), int(rng() % 40) - 30);
                        std::memcpy(&q[size_t(blk * tt.bytesPerBlock)], &d, 4);
                    }
                compareDequantize(tt, isa, "random bytes", q.data(), nblocks * tt.blockSize);
            }
    }
};

QTEST_GUILESS_MAIN(TestSimdExact)
#include "test_simd_exact.moc"
