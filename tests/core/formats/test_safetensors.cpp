#include "core/formats/safetensors.h"
#include "core/formats/safetensors_writer.h"
#include "core/util/error.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cstring>

namespace {

// A file with the given header text (padded as written) followed by `dataBytes` bytes.
std::string rawFile(const std::string& header, size_t dataBytes) {
    std::string out(8, '\0');
    uint64_t n = header.size();
    std::memcpy(out.data(), &n, 8);
    out += header;
    out.append(dataBytes, '\x01');
    return out;
}

// Parses bytes and returns the error message, or "" when they parse.
std::string parseError(const std::string& bytes) {
    try {
        qs::SafetensorsFile::parseForTest(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "t.safetensors");
        return "";
    } catch (const qs::Error& e) {
        return e.what();
    }
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private slots:
    void writesAndReadsBack() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.safetensors").toStdString();
        qs::SafetensorsWriter w;
        w.setMetadata({{"format", "pt"}});
        w.addF32("w", {2, 3}, {1, 2, 3, 4, 5, 6});
        const uint16_t halves[2] = {0x3c00, 0xc000};
        w.add("h", qs::DType::F16, {2}, halves, 4);
        w.write(path);
        auto f = qs::SafetensorsFile::open(path);
        QCOMPARE(f->tensors().size(), size_t(2));
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        const auto* t = f->find("w");
        QVERIFY(t);
        QCOMPARE(t->shape, (std::vector<int64_t>{2, 3}));
        float v[6];
        std::memcpy(v, f->data(*t), sizeof v);
        QCOMPARE(v[5], 6.0f);
        QCOMPARE(f->find("h")->dtype, qs::DType::F16);
    }

    void acceptsEmptyAndScalarTensors() {
        QCOMPARE(parseError(rawFile(R"({"e":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}})", 4)), std::string());
        QCOMPARE(parseError(rawFile("{}      ", 0)), std::string());
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto add = [](const char* name, const std::string& bytes, const char* expected) {
            QTest::newRow(name) << QByteArray(bytes.data(), qsizetype(bytes.size())) << QString(expected);
        };
        const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        add("shorter than 8 bytes", "abc", "shorter than the 8-byte header");
        add("header length past end", rawFile(ok, 8).substr(0, 20), "runs past the end");
        std::string huge(8, '\0');
        uint64_t big = 200'000'000;
        std::memcpy(huge.data(), &big, 8);
        add("header length absurd", huge + "{}", "exceeds the 100 MB limit");
        add("not json", rawFile("{not json}", 0), "invalid JSON");
        add("not an object", rawFile("[1,2]   ", 0), "does not start with '{'");
        add("trailing garbage", rawFile(ok + "x", 8), "followed only by spaces");
        add("truncated data", rawFile(ok, 4), "truncated");
        add("trailing data", rawFile(ok, 12), "trailing bytes");
        add("hole", rawFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "(hole)");
        add("overlap", rawFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "(overlap)");
        add("size mismatch", rawFile(R"({"a":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}})", 8), "need 4");
        add("unknown dtype", rawFile(R"({"a":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}})", 8), "unknown dtype 'F7'");
        add("duplicate name", rawFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "duplicate key 'a'");
        add("negative shape", rawFile(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8), "non-negative");
        add("overflowing shape", rawFile(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", 8), "overflows");
        add("end before begin", rawFile(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8), "data_offsets");
        add("missing field", rawFile(R"({"a":{"dtype":"F32","shape":[2]}})", 8), "exactly dtype, shape and data_offsets");
        add("extra field", rawFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", 8), "exactly dtype");
        add("metadata not strings", rawFile(R"({"__metadata__":{"n":1}})", 0), "is not a string");
        add("invalid utf8 name", rawFile("{\"a\xff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "invalid JSON");
        add("lone surrogate", rawFile(R"({"\ud800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4), "invalid JSON");
        add("empty name", rawFile(R"({"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4), "empty name");
    }
    void rejectsMalformed() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const std::string err = parseError(bytes.toStdString());
        QVERIFY2(!err.empty(), "parsed without error");
        QVERIFY2(err.find(expected.toStdString()) != std::string::npos, err.c_str());
        QVERIFY2(err.rfind("t.safetensors: ", 0) == 0, err.c_str()); // names the file
        QVERIFY(err.find('\n') == std::string::npos);                 // one line
    }

    void missingFileNamesIt() {
        try {
            qs::SafetensorsFile::open("/nonexistent/x.safetensors");
            QFAIL("no error");
        } catch (const qs::Error& e) {
            QVERIFY(std::string(e.what()).find("/nonexistent/x.safetensors") != std::string::npos);
        }
    }

    void readsSharedModels() {
        QS_REQUIRE_SHARED("models/austen-5m/model.safetensors");
        auto f = qs::SafetensorsFile::open(qs::test::sharedPath("models/austen-5m/model.safetensors"));
        QCOMPARE(f->metadata().at("format"), std::string("pt"));
        QCOMPARE(f->find("model.embed_tokens.weight")->dtype, qs::DType::F16);
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
