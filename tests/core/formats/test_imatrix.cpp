// llama.cpp's legacy imatrix.dat: the shared reference file, a round trip, and strict refusal of bad input.
#include "core/formats/imatrix.h"
#include "core/util/error.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>

namespace {

qs::Imatrix sample() {
    qs::Imatrix m;
    m.entries["blk.0.attn_q.weight"] = {{1.5f, 0.0f, 3.25f, 1e-30f}, 10};
    m.entries["blk.0.ffn_down.weight"] = {{2.0f, 4.0f}, 7};
    m.chunkCount = 10;
    m.dataset = "calib.txt";
    return m;
}

std::string parseError(const std::vector<uint8_t>& bytes) {
    try {
        qs::parseImatrix(bytes.data(), bytes.size(), "bad.dat");
        return "";
    } catch (const qs::Error& e) {
        return e.what();
    }
}

template <typename T> void poke(std::vector<uint8_t>& b, size_t at, T v) { std::memcpy(b.data() + at, &v, sizeof v); }

// Byte offsets inside serializeImatrix(sample()): entries in name order, attn_q (19-byte name) first.
constexpr size_t kFirstNameLen = 4, kFirstName = 8, kFirstNcall = 8 + 19, kFirstNval = kFirstNcall + 4,
                 kFirstValues = kFirstNval + 4;

} // namespace

class TestImatrix : public QObject {
    Q_OBJECT
private slots:
    void referenceFile() {
        QS_REQUIRE_SHARED("reference/imatrix/imatrix-austen-5m.dat");
        const auto m = qs::readImatrix(qs::test::sharedPath("reference/imatrix/imatrix-austen-5m.dat"));
        QCOMPARE(m.entries.size(), size_t(28));
        QCOMPARE(m.chunkCount, 209);
        QCOMPARE(m.dataset, std::string("calib-austen.txt"));
        for (int layer = 0; layer < 4; ++layer)
            for (const char* role : {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"}) {
                const std::string name = "blk." + std::to_string(layer) + "." + role + ".weight";
                QVERIFY2(m.entries.count(name), name.c_str());
                const auto& e = m.entries.at(name);
                QCOMPARE(e.ncall, 209);
                QCOMPARE(e.values.size(), std::string(role) == "ffn_down" ? size_t(768) : size_t(256));
            }
        QVERIFY(!m.entries.count("output.weight"));
        QCOMPARE(m.entries.at("blk.3.ffn_gate.weight").values[0], 168.4792938232422f);
        // Importances are the stored values divided by ncall in f32.
        const auto w = qs::importanceWeights(m.entries.at("blk.3.ffn_gate.weight"));
        QCOMPARE(w[0], 168.4792938232422f / 209.0f);
        // Written back, the file is byte-identical except for entry order (ours is by name): same size,
        // and re-read it is the same value.
        const auto bytes = qs::serializeImatrix(m);
        QCOMPARE(bytes.size(), qs::test::readFile(qs::test::sharedPath("reference/imatrix/imatrix-austen-5m.dat")).size());
        const auto again = qs::parseImatrix(bytes.data(), bytes.size(), "again");
        QCOMPARE(again.entries.size(), m.entries.size());
        for (auto& [name, e] : m.entries) {
            QCOMPARE(again.entries.at(name).ncall, e.ncall);
            QVERIFY(again.entries.at(name).values == e.values);
        }
    }

    void roundTripThroughFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.dat").toStdString();
        qs::writeImatrix(sample(), path);
        const auto m = qs::readImatrix(path);
        QCOMPARE(m.entries.size(), size_t(2));
        QVERIFY(m.entries.at("blk.0.attn_q.weight").values == sample().entries.at("blk.0.attn_q.weight").values);
        QCOMPARE(m.entries.at("blk.0.ffn_down.weight").ncall, 7);
        QCOMPARE(m.chunkCount, 10);
        QCOMPARE(m.dataset, std::string("calib.txt"));
        QVERIFY(qs::test::readFile(path) == qs::serializeImatrix(m));
    }

    void fileWithoutTrailer() {
        auto bytes = qs::serializeImatrix(sample());
        bytes.resize(bytes.size() - 8 - 9); // older files end after the last entry
        const auto m = qs::parseImatrix(bytes.data(), bytes.size(), "old.dat");
        QCOMPARE(m.entries.size(), size_t(2));
        QCOMPARE(m.chunkCount, 0);
        QVERIFY(m.dataset.empty());
    }

    void importanceWithoutCalls() {
        QCOMPARE(qs::importanceWeights({{3.0f}, 0})[0], 3.0f); // ncall 0: values kept, as llama-quantize
        QCOMPARE(qs::importanceWeights({{3.0f}, 7})[0], 3.0f / 7.0f);
    }

    void everyTruncationIsRefused() {
        const auto bytes = qs::serializeImatrix(sample());
        const size_t entriesEnd = bytes.size() - 8 - 9;
        for (size_t n = 0; n < bytes.size(); ++n) {
            if (n == entriesEnd) continue; // a valid file without trailer
            std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + long(n));
            const std::string err = parseError(cut);
            QVERIFY2(!err.empty(), std::to_string(n).c_str());
            QVERIFY2(err.rfind("bad.dat: ", 0) == 0, err.c_str());
        }
        QVERIFY(parseError(bytes).empty());
    }

    void malformedEntriesNameTheEntry() {
        const auto good = qs::serializeImatrix(sample());
        auto expect = [&](std::vector<uint8_t> b, const char* what) {
            const std::string err = parseError(b);
            QVERIFY2(err.find(what) != std::string::npos, (std::string(what) + " | " + err).c_str());
        };
        auto b = good;
        poke<int32_t>(b, 0, 0);
        expect(b, "entry count 0");
        b = good;
        poke<int32_t>(b, 0, std::numeric_limits<int32_t>::max()); // no giant allocation: refused by size
        expect(b, "cannot fit");
        b = good;
        poke<int32_t>(b, kFirstNameLen, -5);
        expect(b, "entry 0: name length -5");
        b = good;
        poke<int32_t>(b, kFirstNameLen, 1 << 30);
        expect(b, "entry 0: name length");
        b = good;
        poke<int32_t>(b, kFirstNval, std::numeric_limits<int32_t>::max());
        expect(b, "entry 0 (blk.0.attn_q.weight) has 2147483647 values (8589934588 bytes), only");
        b = good;
        poke<int32_t>(b, kFirstNval, 0);
        expect(b, "entry 0 (blk.0.attn_q.weight): value count 0");
        b = good;
        poke<int32_t>(b, kFirstNcall, -1);
        expect(b, "entry 0 (blk.0.attn_q.weight): ncall -1 is negative");
        b = good;
        poke<float>(b, kFirstValues + 4, std::nanf(""));
        expect(b, "entry 0 (blk.0.attn_q.weight): value 1 is NaN");
        b = good;
        poke<float>(b, kFirstValues, std::numeric_limits<float>::infinity());
        expect(b, "value 0 is infinite");
        b = good;
        poke<float>(b, kFirstValues, -2.0f);
        expect(b, "value 0 is -2");
        b = good; // give the first entry the second one's name
        poke<int32_t>(b, kFirstNameLen, 21);
        b.insert(b.begin() + long(kFirstName), {0, 0});
        std::memcpy(b.data() + kFirstName, "blk.0.ffn_down.weight", 21);
        expect(b, "entry 1 (blk.0.ffn_down.weight): duplicate name");
        b = good;
        b.push_back(0);
        expect(b, "1 unexpected bytes after the trailer");
        b = good;
        poke<int32_t>(b, good.size() - 9 - 4, -3);
        expect(b, "dataset name length -3");
        b = good;
        poke<int32_t>(b, good.size() - 9 - 8, -1);
        expect(b, "chunk count -1");
    }

    void writerRefusesWhatReadersRefuse() {
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::serializeImatrix(qs::Imatrix{}));
        auto m = sample();
        m.entries["blk.1.attn_q.weight"] = {{}, 1};
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::serializeImatrix(m));
    }

    void missingFile() {
        try {
            qs::readImatrix("/nonexistent/x.dat");
            QFAIL("no error");
        } catch (const qs::Error& e) {
            QCOMPARE(e.subject(), std::string("/nonexistent/x.dat"));
        }
    }
};

QTEST_GUILESS_MAIN(TestImatrix)
#include "test_imatrix.moc"
