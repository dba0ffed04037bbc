#include "core/formats/gguf.h"
#include "core/formats/gguf_writer.h"
#include "core/util/error.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cstring>
#include <filesystem>

namespace {

std::string parseError(const std::string& bytes) {
    try {
        qs::GgufFile::parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "t.gguf");
        return "";
    } catch (const qs::Error& e) {
        return e.what();
    }
}

// A small valid file: two metadata keys and two F32 tensors.
std::string sample() {
    qs::GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setU32("llama.block_count", 1);
    w.addTensor("a", {4, 2}, qs::DType::F32);
    w.addTensor("b", {3}, qs::DType::F32);
    return w.serialize({std::string(32, '\1'), std::string(12, '\2')});
}

template <typename T> void poke(std::string& s, size_t at, T v) { std::memcpy(s.data() + at, &v, sizeof v); }

std::vector<std::string> allSharedGgufs() {
    std::vector<std::string> out;
    for (const char* dir : {"models", "reference/gguf", "reference/imatrix"}) {
        std::error_code ec;
        for (auto& e : std::filesystem::directory_iterator(qs::test::sharedPath(dir), ec))
            if (e.path().extension() == ".gguf") out.push_back(e.path().string());
    }
    return out;
}

} // namespace

class TestGguf : public QObject {
    Q_OBJECT
private slots:
    void roundTrip() {
        const std::string bytes = sample();
        auto g = qs::GgufFile::parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "t.gguf");
        QCOMPARE(g->version(), 3u);
        QCOMPARE(g->getString("general.architecture"), std::string("llama"));
        QCOMPARE(g->getInt("llama.block_count"), 1);
        QCOMPARE(g->tensors().size(), size_t(2));
        QCOMPARE(g->findTensor("b")->offset, uint64_t(32));
        QCOMPARE(g->tensorData(*g->findTensor("b"))[0], uint8_t(2));
        QCOMPARE(bytes.size() % 32, size_t(0)); // padded after the last tensor too
    }

    void everyValueTypeAndNestedArrays() {
        qs::GgufWriter w;
        qs::GgufValue v;
        for (uint32_t t : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 10u, 11u, 12u}) {
            v = {};
            v.type = qs::GgufType(t);
            v.u = 1;
            v.i = -1;
            v.f = 0.5;
            w.set("k" + std::to_string(t), v);
        }
        w.set("strings", qs::ggufStringArray({"x", "yz"}));
        std::string bytes = w.serialize({});
        // Append a nested array by hand (the writer refuses to write them): [[1,2],[3]] of u8.
        std::string kv;
        auto putU64 = [&](uint64_t x) { kv.append(reinterpret_cast<const char*>(&x), 8); };
        auto putU32 = [&](uint32_t x) { kv.append(reinterpret_cast<const char*>(&x), 4); };
        putU64(6);
        kv += "nested";
        putU32(9);
        putU32(9);
        putU64(2);
        putU32(0), putU64(2), kv += "\1\2";
        putU32(0), putU64(1), kv += "\3";
        const size_t headerEnd = 24 + [&] {
            std::string h = bytes.substr(24);
            return h.find_last_not_of('\0') + 1;
        }();
        std::string edited = bytes.substr(0, headerEnd) + kv;
        poke<uint64_t>(edited, 16, 13); // kv count
        auto g = qs::GgufFile::parse(reinterpret_cast<const uint8_t*>(edited.data()), edited.size(), "t.gguf");
        QCOMPARE(g->find("k4")->asInt(), 1);
        QCOMPARE(g->find("k5")->asInt(), -1);
        QCOMPARE(g->find("k6")->asDouble(), 0.5);
        QCOMPARE(g->find("strings")->items[1].s, std::string("yz"));
        const auto* nested = g->find("nested");
        QVERIFY(nested);
        QCOMPARE(nested->items.size(), size_t(2));
        QCOMPARE(nested->items[0].items[1].u, uint64_t(2));
        QCOMPARE(nested->items[1].items[0].u, uint64_t(3));
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto add = [](const char* name, const std::string& b, const char* expected) {
            QTest::newRow(name) << QByteArray(b.data(), qsizetype(b.size())) << QString(expected);
        };
        const std::string good = sample();
        // Layout of sample(): magic 0, version 4, n_tensors 8, n_kv 16, first key length at 24.
        add("empty", "", "bad magic");
        add("bad magic", "GGUX" + good.substr(4), "bad magic");
        std::string v1 = good; poke<uint32_t>(v1, 4, 1);
        add("version 1", v1, "version 1");
        std::string v9 = good; poke<uint32_t>(v9, 4, 9);
        add("unknown version", v9, "unsupported GGUF version 9");
        std::string be = good; poke<uint32_t>(be, 4, 0x03000000);
        add("big endian", be, "big-endian");
        add("truncated header", good.substr(0, 100), "truncated");
        add("truncated data", good.substr(0, good.size() - 40), "past the end");
        std::string manyKv = good; poke<uint64_t>(manyKv, 16, uint64_t(1) << 60);
        add("absurd kv count", manyKv, "larger than the file");
        std::string manyT = good; poke<uint64_t>(manyT, 8, uint64_t(1) << 62);
        add("absurd tensor count", manyT, "larger than the file");
        std::string longKey = good; poke<uint64_t>(longKey, 24, uint64_t(1) << 40);
        add("absurd key length", longKey, "truncated");
        std::string badUtf8 = good; badUtf8[32] = char(0xff); // inside "general.architecture"
        add("non-UTF-8 key", badUtf8, "not valid UTF-8");
        std::string badType = good; poke<uint32_t>(badType, 24 + 8 + 20, 99);
        add("unknown value type", badType, "unknown value type 99");

        qs::GgufWriter dup;
        dup.setU32("a", 1);
        std::string dupBytes = dup.serialize({});
        // Duplicate the single kv pair by hand.
        const std::string kvPair = dupBytes.substr(24, 8 + 1 + 4 + 4);
        std::string dupKv = dupBytes.substr(0, 24) + kvPair + kvPair;
        poke<uint64_t>(dupKv, 16, 2);
        add("duplicate key", dupKv, "duplicate metadata key 'a'");

        qs::GgufWriter names;
        names.addTensor("x", {4}, qs::DType::F32);
        names.addTensor("x", {4}, qs::DType::F32);
        add("duplicate tensor", names.serialize({std::string(16, 0), std::string(16, 0)}), "duplicate tensor name 'x'");

        qs::GgufWriter off;
        off.addTensor("x", {4}, qs::DType::F32);
        off.addTensor("y", {4}, qs::DType::F32);
        std::string offBytes = off.serialize({std::string(16, 0), std::string(16, 0)});
        // y's offset is the last 8 bytes before padding of the info block: find it as value 32.
        size_t pos = offBytes.find(std::string("\x20\0\0\0\0\0\0\0", 8), 24);
        QVERIFY(pos != std::string::npos);
        poke<uint64_t>(offBytes, pos, 48);
        add("offset hole", offBytes, "should be 32");

        qs::GgufWriter blocks;
        blocks.addTensor("q", {32}, qs::DType::Q4_0);
        std::string qBytes = blocks.serialize({std::string(18, 0)});
        size_t nePos = qBytes.find(std::string("\x20\0\0\0\0\0\0\0", 8), 24);
        poke<uint64_t>(qBytes, nePos, 31);
        add("row not multiple of block", qBytes, "not a multiple of the Q4_0 block size");
        std::string tBytes = blocks.serialize({std::string(18, 0)});
        poke<uint32_t>(tBytes, nePos + 8, 4); // removed type Q4_2
        add("unknown tensor type", tBytes, "unsupported ggml type id 4");
        std::string dims = blocks.serialize({std::string(18, 0)});
        poke<uint32_t>(dims, nePos - 4, 7);
        add("too many dims", dims, "7 dimensions");

        qs::GgufWriter align;
        align.setU32("general.alignment", 48);
        add("alignment not power of two", align.serialize({}), "not a power of two");
    }
    void rejectsMalformed() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string err = parseError(bytes.toStdString());
        QVERIFY2(!err.empty(), "parsed without error");
        QVERIFY2(err.find(expected.toStdString()) != std::string::npos, err.c_str());
        QVERIFY2(err.rfind("t.gguf: ", 0) == 0, err.c_str());
    }

    void truncatedEverywhereNeverCrashes() {
        // Every cut before the end of the last tensor's data is an error (its trailing padding is optional).
        const std::string good = sample();
        const size_t lastByte = good.size() - (32 - 12);
        for (size_t n = 0; n < lastByte; ++n) QVERIFY(!parseError(good.substr(0, n)).empty());
    }

    void readsEverySharedGguf() {
        const auto files = allSharedGgufs();
        if (files.empty()) QSKIP("no GGUF files under ../shared");
        for (auto& f : files) {
            auto g = qs::GgufFile::open(f);
            QCOMPARE(g->getString("general.architecture"), std::string("llama"));
            QCOMPARE(g->tensors().size(), size_t(4 * 9 + 3));
            QCOMPARE(g->find("tokenizer.ggml.tokens")->items.size(), size_t(4096));
            QVERIFY(g->getInt("general.quantization_version") == 2 || f.find("f16") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestGguf)
#include "test_gguf.moc"
