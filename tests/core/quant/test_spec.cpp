// QuantSpec: text form round trip, JSON, validation, exact storage cost.
#include "core/quant/spec.h"
#include "core/util/error.h"

#include <QtTest>
#include <nlohmann/json.hpp>

class TestSpec : public QObject {
    Q_OBJECT
private slots:
    void textRoundTrip() {
        for (const char* s : {"rtn:4:g128:asym", "rtn:8:channel:sym", "rtn:2:tensor:asym", "rtn:3:g64:sym:mse",
                              "rtn:4:g32:asym:p99.9", "rtn:4:g128:sym:s16", "gptq:4:g128:sym", "awq:4:g128:asym:s16",
                              "hqq:4:g64:asym", "nf4", "Q4_K", "Q5_1", "Q8_0", "gptq:Q4_K", "awq:Q3_K", "f16", "bf16", "f32"}) {
            const auto spec = qs::QuantSpec::parse(s);
            QCOMPARE(spec.toString(), std::string(s));
            QCOMPARE(qs::QuantSpec::parse(spec.toString()), spec);
            nlohmann::json j = spec;
            QCOMPARE(j.get<qs::QuantSpec>(), spec);
            QCOMPARE(nlohmann::json(s).get<qs::QuantSpec>(), spec); // recipes may use the text form
        }
    }

    void defaultsAndCanonicalForm() {
        QCOMPARE(qs::QuantSpec::parse("rtn:4").toString(), std::string("rtn:4:g128:asym"));
        QCOMPARE(qs::QuantSpec::parse("RTN:4:SYM:G64").toString(), std::string("rtn:4:g64:sym"));
        QCOMPARE(qs::QuantSpec::parse("q4_k").toString(), std::string("Q4_K"));
        QCOMPARE(qs::QuantSpec::parse("rtn:Q4_K"), qs::QuantSpec::parse("Q4_K"));
        QCOMPARE(qs::QuantSpec::parse("rtn:4:g128:asym:minmax"), qs::QuantSpec::parse("rtn:4:g128:asym"));
        const auto s = qs::QuantSpec::parse("rtn:8:channel:sym");
        QCOMPARE(s.method, qs::QuantMethod::RTN);
        QCOMPARE(s.grid, qs::QuantGrid::Integer);
        QCOMPARE(s.granularity, qs::Granularity::Channel);
        QVERIFY(s.symmetric);
        nlohmann::json j = qs::QuantSpec::parse("rtn:4:g32:asym:p99.5");
        QCOMPARE(j.dump(), std::string(R"({"bits":4,"fp16_scales":false,"granularity":"group","grid":"int","group_size":32,)"
                                       R"("method":"rtn","percentile":99.5,"range":"percentile","symmetric":false})"));
    }

    void rejectsBadSpecs() {
        for (const char* s : {"", "rtn", "rtn:1", "rtn:9", "rtn:4:g0", "rtn:4:gx", "rtn:4:sym:asym", "rtn:4:g64:channel",
                              "rtn:4:p50", "rtn:4:p101", "rtn:4:bogus", "keep:4", "foo:4", "Q8_K", "Q8_1", "nf4:4",
                              "hqq:4:sym", "hqq:4:mse", "gptq:Q4_K:sym", "I8", "f64", "rtn:4:s16:s16"}) {
            try {
                qs::QuantSpec::parse(s);
                QFAIL(s);
            } catch (const qs::Error& e) {
                QCOMPARE(e.exitCode(), 2);
                QVERIFY2(std::string(e.what()).find("spec '") == 0, e.what());
            }
        }
        QVERIFY_THROWS_EXCEPTION(qs::Error, nlohmann::json({{"method", "rtn"}, {"bitz", 4}}).get<qs::QuantSpec>());
        QVERIFY_THROWS_EXCEPTION(qs::Error, nlohmann::json({{"method", "rtn"}, {"bits", "four"}}).get<qs::QuantSpec>());
        QVERIFY_THROWS_EXCEPTION(qs::Error, nlohmann::json({{"method", "nope"}}).get<qs::QuantSpec>());
        QVERIFY_THROWS_EXCEPTION(qs::Error, nlohmann::json(3).get<qs::QuantSpec>());
    }

    void shapeRules() {
        qs::QuantSpec::parse("rtn:4:g96:asym").validateShape(4, 192);
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::QuantSpec::parse("rtn:4:g128:asym").validateShape(4, 192));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::QuantSpec::parse("Q4_K").validateShape(4, 128));
        qs::QuantSpec::parse("Q4_0").validateShape(4, 128);
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::QuantSpec::parse("nf4").validateShape(4, 96));
        try {
            qs::QuantSpec::parse("Q4_K").validateShape(4, 128, "blk.0.attn_q.weight");
        } catch (const qs::Error& e) {
            QCOMPARE(e.subject(), std::string("blk.0.attn_q.weight"));
        }
    }

    void storageCost() {
        // Codes + fp16 scale + bits-bit zero per group.
        QCOMPARE(qs::QuantSpec::parse("rtn:4:g128:asym").bitsPerWeight(768, 256), 4.0 + 20.0 / 128.0);
        QCOMPARE(qs::QuantSpec::parse("rtn:4:g128:sym").bitsPerWeight(768, 256), 4.0 + 20.0 / 128.0);
        QCOMPARE(qs::QuantSpec::parse("rtn:3:g64:asym").bitsPerWeight(10, 256), 3.0 + 19.0 / 64.0);
        QCOMPARE(qs::QuantSpec::parse("rtn:8:channel:sym").bitsPerWeight(768, 256), 8.0 + 24.0 / 256.0);
        QCOMPARE(qs::QuantSpec::parse("rtn:8:tensor:sym").storageBits(768, 256), int64_t(768 * 256 * 8 + 24));
        QCOMPARE(qs::QuantSpec::parse("hqq:4:g64:asym").bitsPerWeight(8, 256), 4.0 + 32.0 / 64.0);
        QCOMPARE(qs::QuantSpec::parse("nf4").bitsPerWeight(8, 256), 4.5);
        QCOMPARE(qs::QuantSpec::parse("Q4_K").bitsPerWeight(8, 256), 4.5);
        QCOMPARE(qs::QuantSpec::parse("Q6_K").bitsPerWeight(8, 256), 6.5625);
        QCOMPARE(qs::QuantSpec::parse("Q4_0").bitsPerWeight(8, 256), 4.5);
        QCOMPARE(qs::QuantSpec::parse("Q8_0").bitsPerWeight(8, 256), 8.5);
        QCOMPARE(qs::QuantSpec::parse("gptq:Q2_K").bitsPerWeight(8, 256), 2.625);
        QCOMPARE(qs::QuantSpec::parse("f16").bitsPerWeight(8, 256), 16.0);
        QCOMPARE(qs::QuantSpec::parse("f32").storageBits(8, 256), int64_t(8 * 256 * 32));
    }
};

QTEST_GUILESS_MAIN(TestSpec)
#include "test_spec.moc"
