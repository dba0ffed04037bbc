// Dequantization of llama-quantize's --pure files: (1) the kernels decode every element exactly as an
// independent per-element decoder written from formats.md §4 (byte offsets, no shared code), (2) decoding
// our own quantization of the F16 model equals decoding the reference bytes, (3) the round-trip error of
// every tensor stays within the type's expected bound.
#include "core/formats/gguf.h"
#include "core/quant/kernels/dispatch.h"
#include "core/util/half.h"
#include "tests/core/quant/quant_test_rows.h"
#include "tests/support/gguf_compare.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cmath>

using namespace qs;

using test::rowsOf;
using test::tensorAsFloat;

namespace {

float h(const uint8_t* p) { return fp16ToFp32(uint16_t(p[0] | p[1] << 8)); }

// Element e of one block, straight from the layout tables.
float expectedElement(DType t, const uint8_t* b, int e) {
    switch (t) {
    case DType::Q4_0: return float(((b[2 + e % 16] >> (e < 16 ? 0 : 4)) & 15) - 8) * h(b);
    case DType::Q4_1: return float((b[4 + e % 16] >> (e < 16 ? 0 : 4)) & 15) * h(b) + h(b + 2);
    case DType::Q5_0: case DType::Q5_1: {
        const bool hasMin = t == DType::Q5_1;
        const uint8_t* qh = b + (hasMin ? 4 : 2);
        const uint8_t* qs = qh + 4;
        const int q = ((qs[e % 16] >> (e < 16 ? 0 : 4)) & 15) | (((qh[e / 8] >> (e % 8)) & 1) << 4);
        return hasMin ? float(q) * h(b) + h(b + 2) : float(q - 16) * h(b);
    }
    case DType::Q8_0: return float(int8_t(b[2 + e])) * h(b);
    case DType::Q2_K: {
        const uint8_t sc = b[e / 16];
        const int q = (b[16 + 32 * (e / 128) + e % 32] >> (2 * ((e / 32) % 4))) & 3;
        return h(b + 80) * float(sc & 15) * float(q) - h(b + 82) * float(sc >> 4);
    }
    case DType::Q3_K: {
        const int j = e / 16;
        const uint8_t* sc = b + 96;
        const int u = (j < 8 ? sc[j] & 15 : sc[j - 8] >> 4) | (((sc[8 + j % 4] >> (2 * (j / 4))) & 3) << 4);
        const int low = (b[32 + 32 * (e / 128) + e % 32] >> (2 * ((e / 32) % 4))) & 3;
        const int high = (b[e % 32] >> (e / 32)) & 1;
        return h(b + 108) * float(u - 32) * float(low - (high ? 0 : 4));
    }
    case DType::Q4_K: case DType::Q5_K: {
        const int j = e / 32;
        const uint8_t* s = b + 4;
        const int sc = j < 4 ? s[j] & 63 : (s[j + 4] & 15) | ((s[j - 4] >> 6) << 4);
        const int m = j < 4 ? s[j + 4] & 63 : (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
        const uint8_t* qs = b + (t == DType::Q4_K ? 16 : 48);
        int q = (qs[32 * (e / 64) + e % 32] >> (4 * (j % 2))) & 15;
        if (t == DType::Q5_K) q += 16 * ((b[16 + e % 32] >> j) & 1);
        return h(b) * float(sc) * float(q) - h(b + 2) * float(m);
    }
    case DType::Q6_K: {
        const int half = e / 128, part = (e % 128) / 32, l = e % 32;
        const uint8_t lowByte = b[64 * half + l + 32 * (part & 1)];
        const int low = part < 2 ? lowByte & 15 : lowByte >> 4;
        const int high = (b[128 + 32 * half + l] >> (2 * part)) & 3;
        return h(b + 208) * float(int8_t(b[192 + e / 16])) * float((low | (high << 4)) - 32);
    }
    default: return NAN;
    }
}

// Relative RMS error ||x − x̂|| / ||x|| that each type stays under on the austen-5m weights (the worst
// tensor measures about 70 % of these: Q8_0 0.0054, Q6_K 0.016, Q5_K 0.037, Q4_K 0.072, Q3_K 0.15, Q2_K 0.30).
double rmseBound(DType t) {
    switch (t) {
    case DType::Q8_0: return 0.008;
    case DType::Q6_K: return 0.025;
    case DType::Q5_0: case DType::Q5_1: case DType::Q5_K: return 0.06;
    case DType::Q4_0: case DType::Q4_1: case DType::Q4_K: return 0.12;
    case DType::Q3_K: return 0.22;
    case DType::Q2_K: return 0.42;
    default: return 0;
    }
}

} // namespace

class TestQuantDequantReference : public QObject {
    Q_OBJECT
private slots:
    void decodesReferenceFiles_data() {
        QTest::addColumn<QString>("type");
        for (const char* t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
            QTest::newRow(t) << QString(t);
    }
    void decodesReferenceFiles() {
        QFETCH(QString, type);
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const std::string refRel = "reference/gguf/austen-5m-" + type.toStdString() + "-pure.gguf";
        if (!test::sharedExists(refRel)) QSKIP("reference file missing");
        const TypeTraits& tt = *findTypeByName(type.toStdString());
        const auto src = GgufFile::open(test::sharedPath("models/austen-5m-f16.gguf"));
        const auto ref = GgufFile::open(test::sharedPath(refRel));
        double worst = 0;
        for (const auto& r : ref->tensors()) {
            if (r.type != tt.type) continue;
            const int64_t n = r.ne[0] * rowsOf(r);
            std::vector<float> dq(static_cast<size_t>(n));
            kernels(tt.type).toFloat(ref->tensorData(r), dq.data(), n); // dispatched (SIMD where available)
            std::vector<float> ref0(dq.size());
            tt.toFloat(ref->tensorData(r), ref0.data(), n); // scalar
            int64_t at = 0;
            QVERIFY2(test::sameBits(dq.data(), ref0.data(), n, &at), r.name.c_str());
            for (int64_t e = 0; e < n; ++e) {
                const float want = expectedElement(tt.type, ref->tensorData(r) + e / tt.blockSize * tt.bytesPerBlock, int(e % tt.blockSize));
                if (std::memcmp(&want, &dq[size_t(e)], 4) != 0)
                    QFAIL(qPrintable(QString("%1 element %2: %3 vs expected %4").arg(r.name.c_str()).arg(e)
                                         .arg(double(dq[size_t(e)])).arg(double(want))));
            }
            // Our quantization of the same F16 tensor decodes to the same floats.
            const auto* s = src->findTensor(r.name);
            QVERIFY(s);
            const std::vector<float> x = tensorAsFloat(*src, *s);
            std::vector<uint8_t> q(size_t(rowBytes(tt, n)));
            kernels(tt.type).fromFloat(x.data(), q.data(), n);
            std::vector<float> dq2(dq.size());
            kernels(tt.type).toFloat(q.data(), dq2.data(), n);
            QVERIFY2(test::sameBits(dq.data(), dq2.data(), n, &at), r.name.c_str());
            // Round-trip error.
            double err2 = 0, x2 = 0;
            for (int64_t e = 0; e < n; ++e) {
                const double d = double(x[size_t(e)]) - double(dq[size_t(e)]);
                err2 += d * d;
                x2 += double(x[size_t(e)]) * double(x[size_t(e)]);
            }
            const double rel = std::sqrt(err2 / x2);
            worst = std::max(worst, rel);
            QVERIFY2(rel < rmseBound(tt.type), qPrintable(QString("%1: relative RMSE %2").arg(r.name.c_str()).arg(rel)));
        }
        qInfo("%s: worst relative RMSE %.4f (bound %.3f)", qPrintable(type), worst, rmseBound(tt.type));
    }
};

QTEST_GUILESS_MAIN(TestQuantDequantReference)
#include "test_quant_dequant_reference.moc"
