#include "core/formats/gguf.h"
#include "core/model/model.h"
#include "core/runtime/sp_proto.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "tests/support/support.h"

#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

namespace {

nlohmann::json reference() {
    std::ifstream f(qs::test::sharedPath("reference/reference.json"));
    return nlohmann::json::parse(f);
}

void checkAgainstReference(const qs::Tokenizer& tok) {
    const auto ref = reference()["tokenizer"];
    const auto ids = tok.encode(qs::readEvalText(qs::test::sharedPath("data/eval-persuasion.txt")));
    const auto first = ref["first_200_ids"].get<std::vector<int32_t>>();
    QCOMPARE(std::vector<int32_t>(ids.begin(), ids.begin() + 200), first);
    QCOMPARE(int64_t(ids.size()), ref["eval_tokens"].get<int64_t>());
    // sha256 of the ids as little-endian int32 (this host is little-endian, as formats.md assumes).
    QCOMPARE(qs::Sha256::hex(ids.data(), ids.size() * 4), ref["eval_ids_sha256"].get<std::string>());
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private slots:
    void sha256KnownAnswers() {
        QCOMPARE(qs::Sha256::hex("", 0), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(qs::Sha256::hex("abc", 3), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        const std::string two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        QCOMPARE(qs::Sha256::hex(two.data(), two.size()),
                 std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        std::string million(1000000, 'a');
        qs::Sha256 h;
        for (size_t i = 0; i < million.size(); i += 777) h.update(million.data() + i, std::min<size_t>(777, million.size() - i));
        QCOMPARE(h.finishHex(), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    void hfTokenizerMatchesReference() {
        QS_REQUIRE_SHARED("models/austen-5m/tokenizer.model");
        checkAgainstReference(qs::Tokenizer::forModel(qs::loadModel(qs::test::sharedPath("models/austen-5m"))));
    }

    void ggufTokenizerMatchesReference() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const auto m = qs::loadModel(qs::test::sharedPath("models/austen-5m-f16.gguf"));
        QVERIFY(m.tokenizerModelPath().empty()); // really the rebuilt-proto path
        checkAgainstReference(qs::Tokenizer::forModel(m));
    }

    void ggufVocabularyEqualsHfVocabulary() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const auto hf = qs::Tokenizer::fromFile(qs::test::sharedPath("models/austen-5m/tokenizer.model"));
        const auto gg = qs::Tokenizer::forModel(qs::loadModel(qs::test::sharedPath("models/austen-5m-f16.gguf")));
        QCOMPARE(gg.vocabSize(), hf.vocabSize());
        QCOMPARE(gg.bosId(), 1);
        const std::string text = "Anne Elliot \xE2\x80\x94 \"caf\xC3\xA9\" 1814!\n\n  x \xF0\x9F\x98\x80";
        QCOMPARE(gg.encode(text), hf.encode(text));
        QCOMPARE(gg.decode(gg.encode(text, false)), text);
    }

    void garbageProtoIsAnError() {
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::Tokenizer::fromSerializedProto("not a proto", "x"));
    }

    void textInputRules() {
        QTemporaryDir dir;
        const std::string p = dir.filePath("t.txt").toStdString();
        qs::test::writeFile(p, std::string("ab\n\n"));
        QCOMPARE(qs::readEvalText(p), std::string("ab\n")); // only one trailing newline goes
        qs::test::writeFile(p, std::string("\n"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::readEvalText(p));
        qs::test::writeFile(p, std::string("a\xFF"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::readEvalText(p));
        qs::test::writeFile(p, std::string("[1, 2,3]\n"));
        QCOMPARE(qs::readTokenFile(p), (std::vector<int32_t>{1, 2, 3}));
        qs::test::writeFile(p, std::string("1 2 x"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, qs::readTokenFile(p));
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
