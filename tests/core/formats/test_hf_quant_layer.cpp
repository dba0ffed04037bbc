// GPTQ / AWQ checkpoint packing (formats.md §8.2, §9.2): bitstreams, the 3-bit word-straddling layout,
// AWQ's nibble interleave, the v1 zero offset, and exact decode of what the writers encode.
#include "core/formats/hf_quant_layer.h"
#include "core/formats/hf_quant_packing.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"

#include <QtTest>
#include <random>

namespace {

std::vector<float> randomMatrix(int64_t rows, int64_t cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, 0.05f);
    std::vector<float> w(size_t(rows * cols));
    for (auto& v : w) v = d(rng);
    return w;
}

} // namespace

class TestHfQuantLayer : public QObject {
    Q_OBJECT
private slots:
    void fourBitWordsHoldEightCodesLsbFirst() {
        std::vector<int32_t> w(1, 0);
        for (int k = 0; k < 8; ++k) qs::streamPut(w.data(), 1, k, 4, uint32_t(k));
        QCOMPARE(uint32_t(w[0]), 0x76543210u);
        for (int k = 0; k < 8; ++k) QCOMPARE(qs::streamCode(w.data(), 1, k, 4), uint32_t(k));
    }

    void threeBitRunsStraddleWords() {
        // formats.md §8.2: code 10 = word 0 bits 30–31 + word 1 bit 0; code 21 = word 1 bit 31 + word 2 bits 0–1.
        std::vector<int32_t> w(3, 0);
        qs::streamPut(w.data(), 1, 10, 3, 0b111);
        QCOMPARE(uint32_t(w[0]), 0xC0000000u);
        QCOMPARE(uint32_t(w[1]), 0x1u);
        std::fill(w.begin(), w.end(), 0);
        qs::streamPut(w.data(), 1, 21, 3, 0b111);
        QCOMPARE(uint32_t(w[1]), 0x80000000u);
        QCOMPARE(uint32_t(w[2]), 0x3u);
        std::fill(w.begin(), w.end(), 0);
        for (int k = 0; k < 32; ++k) qs::streamPut(w.data(), 1, k, 3, uint32_t((k * 5) & 7));
        for (int k = 0; k < 32; ++k) QCOMPARE(qs::streamCode(w.data(), 1, k, 3), uint32_t((k * 5) & 7));
    }

    void awqInterleave() {
        int32_t word = 0;
        for (int j = 0; j < 8; ++j) qs::awqPut(word, j, uint32_t(j));
        // Nibble p holds channel ORDER[p] = [0, 2, 4, 6, 1, 3, 5, 7].
        QCOMPARE(uint32_t(word), 0x75316420u);
        for (int j = 0; j < 8; ++j) QCOMPARE(qs::awqCode(word, j), uint32_t(j));
    }

    void gptqRoundTripIsExact_data() {
        QTest::addColumn<QString>("spec");
        for (auto s : {"rtn:2:g64:asym:s16", "rtn:3:g128:sym:s16", "rtn:4:g128:sym:s16", "rtn:4:g32:asym:s16", "rtn:8:channel:sym:s16",
                       "rtn:4:channel:asym:s16"})
            QTest::newRow(s) << QString(s);
    }
    void gptqRoundTripIsExact() {
        QFETCH(QString, spec);
        const int64_t rows = 96, cols = 256;
        const auto w = randomMatrix(rows, cols, 1);
        const auto q = qs::quantizeRtn(w.data(), rows, cols, qs::QuantSpec::parse(spec.toStdString()));
        const auto expected = qs::dequantize(q);
        const bool v1 = qs::gptqV1Compatible(q);
        const auto L = qs::encodeGptq(q, v1, "t");
        L.validate("t");
        QCOMPARE(L.qweightRows(), cols * q.spec.bits / 32);
        std::vector<float> got(size_t(rows * cols));
        L.decodeRows(0, rows, got.data());
        QVERIFY(got == expected);
        if (q.spec.symmetric && q.spec.bits == 4) QCOMPARE(uint32_t(L.qzeros[0]), 0x77777777u); // true zero 8 stored as 7
    }

    void asymmetricZeroNeedsV2() {
        // A row whose minimum is 0 gets zero point 0, which v1 (zero − 1) cannot store.
        std::vector<float> w(64, 0.0f);
        for (int i = 0; i < 64; ++i) w[size_t(i)] = float(i) * 0.01f;
        const auto q = qs::quantizeRtn(w.data(), 8, 8, qs::QuantSpec::parse("rtn:4:channel:asym:s16"));
        QVERIFY(!qs::gptqV1Compatible(q));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::encodeGptq(q, true, "t"));
        const auto L = qs::encodeGptq(q, false, "t");
        std::vector<float> got(64);
        L.decodeRows(0, 8, got.data());
        QVERIFY(got == qs::dequantize(q));
    }

    void awqRoundTripIsExact() {
        const int64_t rows = 64, cols = 256;
        const auto w = randomMatrix(rows, cols, 2);
        const auto q = qs::quantizeRtn(w.data(), rows, cols, qs::QuantSpec::parse("rtn:4:g128:asym:s16"));
        const auto L = qs::encodeAwq(q, "t");
        L.validate("t");
        std::vector<float> got(size_t(rows * cols));
        L.decodeRows(0, rows, got.data());
        QVERIFY(got == qs::dequantize(q));
        // Row-wise decoding of a slice agrees too.
        std::vector<float> slice(size_t(3 * cols));
        L.decodeRows(10, 3, slice.data());
        QVERIFY(std::equal(slice.begin(), slice.end(), got.begin() + 10 * cols));
    }

    void writersRefuseWhatTheyCannotStore() {
        const auto w = randomMatrix(16, 128, 3);
        auto refuse = [&](const char* spec, bool awq) {
            const auto q = qs::quantizeRtn(w.data(), 16, 128, qs::QuantSpec::parse(spec));
            try {
                if (awq) qs::encodeAwq(q, "t");
                else qs::encodeGptq(q, false, "t");
            } catch (const qs::Error& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        QVERIFY(refuse("rtn:4:g128:sym", false).find("fp16 scales") != std::string::npos);
        QVERIFY(refuse("rtn:5:g128:sym:s16", false).find("2, 3, 4 or 8") != std::string::npos);
        QVERIFY(refuse("rtn:8:g128:sym:s16", true).find("4-bit") != std::string::npos);
        QVERIFY(refuse("rtn:4:tensor:sym:s16", false).find("per-tensor") != std::string::npos);
        QVERIFY(refuse("nf4", false).find("integer grids") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHfQuantLayer)
#include "test_hf_quant_layer.moc"
