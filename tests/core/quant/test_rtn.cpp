// RTN on the integer grid: the authors' formula on synthetic-small, thread-count independence, granularities.
#include "core/formats/safetensors.h"
#include "core/quant/finite.h"
#include "core/quant/grid.h"
#include "core/quant/metrics.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "core/util/half.h"
#include "core/util/thread_pool.h"
#include "tests/support/support.h"

#include <QtTest>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace {

std::vector<float> readF32(const qs::SafetensorsFile& f, const std::string& name, int64_t& rows, int64_t& cols) {
    const qs::SafetensorsTensor* t = f.find(name);
    if (!t || t->dtype != qs::DType::F32 || t->shape.size() != 2) throw std::runtime_error("bad tensor " + name);
    rows = t->shape[0];
    cols = t->shape[1];
    std::vector<float> v(size_t(rows * cols));
    std::memcpy(v.data(), f.data(*t), v.size() * 4);
    return v;
}

std::vector<float> randomMatrix(int64_t rows, int64_t cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::student_t_distribution<float> dist(5.0f);
    std::vector<float> w(size_t(rows * cols));
    for (float& x : w) x = 0.02f * dist(rng);
    return w;
}

} // namespace

class TestRtn : public QObject {
    Q_OBJECT
private slots:
    // The libm-free rounding equals std::nearbyint bit for bit: ties, signs, zeros, the 2^22..2^24 edge,
    // huge values, Inf, NaN, and a sweep of random bit patterns.
    void roundHalfEvenMatchesNearbyint() {
        std::vector<float> v = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.0f, -0.0f, 0.49999997f, -0.49999997f,
                                4194303.5f, 4194304.5f, 8388607.5f, 8388608.0f, 8388609.0f, 16777217.0f, -8388607.5f,
                                1e30f, -1e30f, INFINITY, -INFINITY, 1e-40f, -1e-40f};
        std::mt19937 rng(5);
        for (int i = 0; i < 1000000; ++i) v.push_back(std::bit_cast<float>(uint32_t(rng())));
        for (int i = -4000; i <= 4000; ++i) v.push_back(float(i) * 0.25f);
        for (float x : v) {
            const float a = qs::roundHalfEven(x), b = std::nearbyint(x);
            if (std::isnan(b)) QVERIFY(std::isnan(a));
            else QVERIFY2(std::bit_cast<uint32_t>(a) == std::bit_cast<uint32_t>(b), qPrintable(QString::number(double(x), 'g', 10)));
        }
    }

    void asymmetricGridFormula() {
        // One group [-1, 2] at 2 bits: scale = 3/3 = 1, zero = round(1) = 1; codes round(w) + 1 clamped to [0, 3].
        const float w[4] = {-1.0f, 0.4f, 0.6f, 2.0f};
        auto q = qs::quantizeRtn(w, 1, 4, qs::QuantSpec::parse("rtn:2:g4:asym"));
        QCOMPARE(q.scales[0], 1.0f);
        QCOMPARE(q.zeros[0], 1);
        QCOMPARE(std::vector<int>(q.codes.begin(), q.codes.end()), (std::vector<int>{0, 1, 2, 3}));
        auto d = qs::dequantize(q);
        QCOMPARE(d, (std::vector<float>{-1.0f, 0.0f, 1.0f, 2.0f}));
        // Half to even: 0.5 → 0 and 1.5 → 2 (torch.round).
        const float h[4] = {-1.0f, 0.5f, 1.5f, 2.0f};
        auto qh = qs::quantizeRtn(h, 1, 4, qs::QuantSpec::parse("rtn:2:g4:asym"));
        QCOMPARE(std::vector<int>(qh.codes.begin(), qh.codes.end()), (std::vector<int>{0, 1, 3, 3}));
    }

    void symmetricGridIsGptqs() {
        // absmax 1.5 at 4 bits: scale = 3/15 = 0.2, zero = 8; ±1.5 → round(±7.5) = ±8 (half to even) + 8 → 0 and 16,
        // clamped to 15: GPTQ's symmetric grid loses its top code.
        const float w[4] = {-1.5f, -0.2f, 0.3f, 1.5f};
        auto q = qs::quantizeRtn(w, 1, 4, qs::QuantSpec::parse("rtn:4:channel:sym"));
        QCOMPARE(q.zeros[0], 8);
        QCOMPARE(q.scales[0], 3.0f / 15.0f);
        QCOMPARE(std::vector<int>(q.codes.begin(), q.codes.end()), (std::vector<int>{0, 7, 10, 15}));
        // All-zero row: GPTQ's [-1, 1] range, every code the zero point, decoded exactly 0.
        const float z[4] = {0, 0, 0, 0};
        auto qz = qs::quantizeRtn(z, 1, 4, qs::QuantSpec::parse("rtn:3:channel:sym"));
        QCOMPARE(qs::dequantize(qz), std::vector<float>(4, 0.0f));
    }

    void fp16Scales() {
        auto w = randomMatrix(8, 256, 3);
        auto q = qs::quantizeRtn(w.data(), 8, 256, qs::QuantSpec::parse("rtn:4:g64:asym:s16"));
        for (float s : q.scales) QCOMPARE(qs::fp16ToFp32(qs::fp32ToFp16(s)), s);
        auto q32 = qs::quantizeRtn(w.data(), 8, 256, qs::QuantSpec::parse("rtn:4:g64:asym"));
        QVERIFY(q.scales != q32.scales);
    }

    void granularitiesAndRanges() {
        const int64_t rows = 16, cols = 256;
        auto w = randomMatrix(rows, cols, 1);
        w[5 * cols + 17] = 0.4f; // an outlier
        double prev = 1e9;
        // Finer groups never hurt much and usually help; more bits always help.
        for (const char* s : {"rtn:4:tensor:asym", "rtn:4:channel:asym", "rtn:4:g64:asym", "rtn:4:g32:asym"}) {
            auto q = qs::quantizeRtn(w.data(), rows, cols, qs::QuantSpec::parse(s));
            QCOMPARE(int64_t(q.scales.size()), qs::QuantSpec::parse(s).groupCount(rows, cols));
            const double mse = qs::weightError(w.data(), qs::dequantize(q).data(), rows, cols).mse;
            QVERIFY2(mse < prev, s);
            prev = mse;
        }
        auto mseOf = [&](const char* s) {
            return qs::weightError(w.data(), qs::fakeQuantize(w.data(), rows, cols, qs::QuantSpec::parse(s)).data(), rows, cols).mse;
        };
        QVERIFY(mseOf("rtn:3:g128:asym:mse") <= mseOf("rtn:3:g128:asym"));
        QVERIFY(mseOf("rtn:3:g128:sym:mse") <= mseOf("rtn:3:g128:sym"));
        QVERIFY(mseOf("rtn:3:channel:sym:p99") < mseOf("rtn:3:channel:sym")); // clipping the outlier helps
        QCOMPARE(mseOf("rtn:4:g128:asym:p100"), mseOf("rtn:4:g128:asym"));
        QVERIFY(mseOf("rtn:8:channel:sym") < mseOf("rtn:4:channel:sym") / 100);
    }

    void identicalAtAnyThreadCount() {
        const int64_t rows = 300, cols = 512; // several chunks, the last one partial
        auto w = randomMatrix(rows, cols, 2);
        for (const char* s : {"rtn:4:g128:asym", "rtn:3:channel:sym:mse", "rtn:4:tensor:asym:p99.9", "nf4"}) {
            const auto spec = qs::QuantSpec::parse(s);
            auto one = qs::quantizeRtn(w.data(), rows, cols, spec);
            for (int threads : {1, 2, 5}) {
                qs::ThreadPool pool(threads);
                auto q = qs::quantizeRtn(w.data(), rows, cols, spec, &pool);
                QVERIFY2(q.codes == one.codes && q.scales == one.scales && q.zeros == one.zeros, s);
                QCOMPARE(qs::dequantize(q, &pool), qs::dequantize(one));
            }
        }
    }

    void rejectsBadSpecsAndShapes() {
        auto w = randomMatrix(2, 96, 4);
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeRtn(w.data(), 2, 96, qs::QuantSpec::parse("rtn:4:g64:asym")));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeRtn(w.data(), 2, 96, qs::QuantSpec::parse("f16")));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::quantizeRtn(w.data(), 2, 96, qs::QuantSpec::parse("nf4")));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::fakeQuantize(w.data(), 2, 96, qs::QuantSpec::parse("gptq:4:g32:sym")));
        auto q = qs::quantizeRtn(w.data(), 2, 96, qs::QuantSpec::parse("rtn:4:g96:asym"));
        QCOMPARE(q.scales.size(), size_t(2));
        // Float targets round through the type table.
        auto f = qs::fakeQuantize(w.data(), 2, 96, qs::QuantSpec::parse("f16"));
        for (size_t i = 0; i < f.size(); ++i) QCOMPARE(f[i], qs::fp16ToFp32(qs::fp32ToFp16(w[i])));
    }

    void ggufTargets() {
        // Block types go through the llama.cpp-exact kernels; more bits, less error.
        auto w = randomMatrix(4, 512, 9);
        double prev = 1e9;
        for (const char* s : {"Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_0"}) {
            const double mse = qs::weightError(w.data(), qs::fakeQuantize(w.data(), 4, 512, qs::QuantSpec::parse(s)).data(), 4, 512).mse;
            QVERIFY2(mse < prev, s);
            prev = mse;
        }
        const auto q40 = qs::fakeQuantize(w.data(), 4, 512, qs::QuantSpec::parse("Q4_0"));
        const auto& tr = qs::traits(qs::DType::Q4_0);
        std::vector<uint8_t> block(size_t(qs::rowBytes(tr, 512)));
        std::vector<float> ref(512);
        tr.fromFloatRef(w.data() + 512, block.data(), 512);
        tr.toFloat(block.data(), ref.data(), 512);
        QVERIFY(std::equal(ref.begin(), ref.end(), q40.begin() + 512));
    }

    void findsFirstNonFinite() {
        std::vector<float> w(6 * 7, 0.5f);
        QVERIFY(!qs::findNonFinite(w.data(), 6, 7));
        w[4 * 7 + 2] = std::numeric_limits<float>::infinity();
        w[5 * 7 + 0] = std::nanf("");
        auto bad = qs::findNonFinite(w.data(), 6, 7);
        QVERIFY(bad);
        QCOMPARE(bad->row, int64_t(4));
        QCOMPARE(bad->col, int64_t(2));
        try {
            qs::requireFinite(w.data(), 6, 7, "model.layers.0.mlp.up_proj.weight");
            QFAIL("no throw");
        } catch (const qs::Error& e) {
            QCOMPARE(e.exitCode(), 2);
            QCOMPARE(std::string(e.what()), std::string("model.layers.0.mlp.up_proj.weight: non-finite value inf at row 4, column 2"));
        }
    }

    // The authors' RTN (llm-awq pseudo_quantize_tensor, asymmetric min-max, group 128, fp32 scales).
    void reproducesSyntheticSmall() {
        QS_REQUIRE_SHARED("reference/layers/synthetic-small/layer.safetensors");
        const std::string dir = qs::test::sharedPath("reference/layers/synthetic-small/");
        auto layer = qs::SafetensorsFile::open(dir + "layer.safetensors");
        int64_t rows, cols, xRows, xCols;
        auto w = readF32(*layer, "weight", rows, cols);
        auto x = readF32(*layer, "calib", xRows, xCols);
        QCOMPARE(xCols, cols);
        nlohmann::json metrics = nlohmann::json::parse(std::ifstream(dir + "metrics.json"));
        qs::ThreadPool pool(2);
        for (int bits : {4, 3}) {
            const auto spec = qs::QuantSpec::parse("rtn:" + std::to_string(bits) + ":g128:asym");
            auto what = qs::fakeQuantize(w.data(), rows, cols, spec, &pool);
            auto m = qs::errorMetrics(w.data(), what.data(), rows, cols, x.data(), xRows, &pool);
            const auto& ref = metrics["results"]["rtn-" + std::to_string(bits) + "bit-g128"];
            const double refMse = ref["weight_mse"], refOut = ref["rel_output_error"];
            qInfo("rtn %d-bit: weight_mse %.10e (ref %.10e), rel_output_error %.10e (ref %.10e)", bits, m.mse, refMse,
                  *m.relOutputError, refOut);
            // The grid is reproduced bit for bit, so the weight MSE agrees to double rounding; the output
            // error goes through fp32 products and agrees to ~1e-6 relative.
            QVERIFY(std::fabs(m.mse / refMse - 1) < 1e-9);
            QVERIFY(std::fabs(*m.relOutputError / refOut - 1) < 1e-5);
            if (bits == 4) { // the stored dequantized weights: identical
                int64_t r2, c2;
                auto ref4 = readF32(*qs::SafetensorsFile::open(dir + "rtn-4bit.dequant.safetensors"), "weight", r2, c2);
                QCOMPARE(ref4.size(), what.size());
                int64_t differ = 0;
                for (size_t i = 0; i < what.size(); ++i) differ += ref4[i] != what[i];
                QCOMPARE(differ, int64_t(0));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestRtn)
#include "test_rtn.moc"
