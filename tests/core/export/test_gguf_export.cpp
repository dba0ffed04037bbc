// Export to GGUF: the HF folder and the F16 GGUF must both reproduce llama.cpp's files tensor for tensor.
#include "core/export/gguf_export.h"
#include "core/plan/llama_mixture.h"
#include "core/formats/gguf.h"
#include "core/util/error.h"
#include "tests/support/gguf_compare.h"
#include "tests/support/support.h"

#include <QtTest>
#include <cstring>

namespace {

using qs::test::compareTensors;

qs::GgufExportReport quantizeTo(const std::string& source, const std::string& typeName, const std::string& out, int threads = 2) {
    const qs::Model m = qs::loadModel(source);
    qs::GgufExportOptions opt;
    opt.fileType = qs::llamaFtypeId(*qs::parseLlamaFtype(typeName));
    qs::ThreadPool pool(threads);
    return qs::exportGguf(m, qs::pureTypePlan(m, qs::findTypeByName(typeName)->type), opt, out, pool);
}

} // namespace

class TestGgufExport : public QObject {
    Q_OBJECT
private slots:
    void hfToF16MatchesConverter() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        QTemporaryDir dir;
        const std::string out = dir.filePath("f16.gguf").toStdString();
        quantizeTo(qs::test::sharedPath("models/austen-5m"), "F16", out);
        auto got = qs::GgufFile::open(out);
        auto ref = qs::GgufFile::open(qs::test::sharedPath("models/austen-5m-f16.gguf"));
        QCOMPARE(QString::fromStdString(compareTensors(*got, *ref)), QString());
        // Hyper-parameters and vocabulary as llama.cpp's converter writes them.
        for (auto& [key, value] : ref->metadata()) {
            if (key.rfind("general.", 0) == 0 && key != "general.architecture" && key != "general.file_type") continue;
            const auto* v = got->find(key);
            QVERIFY2(v, key.c_str());
            QCOMPARE(v->type, value.type);
            QVERIFY2(v->summary(100000) == value.summary(100000), key.c_str());
        }
        QCOMPARE(got->getInt("general.quantization_version"), 2);
    }

    void pureTypesAreByteExact_data() {
        QTest::addColumn<QString>("type");
        for (const char* t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"}) QTest::newRow(t) << t;
    }
    void pureTypesAreByteExact() {
        QFETCH(QString, type);
        const std::string t = type.toStdString();
        const std::string refRel = "reference/gguf/austen-5m-" + t + "-pure.gguf";
        if (!qs::test::sharedExists(refRel)) QSKIP("reference file missing");
        if (!qs::findTypeByName(t)->fromFloatRef) QSKIP("quantizer not implemented");
        auto ref = qs::GgufFile::open(qs::test::sharedPath(refRel));
        QTemporaryDir dir;
        for (const char* source : {"models/austen-5m", "models/austen-5m-f16.gguf"}) {
            const std::string out = dir.filePath("out.gguf").toStdString();
            auto report = quantizeTo(qs::test::sharedPath(source), t, out);
            auto got = qs::GgufFile::open(out);
            QVERIFY2(compareTensors(*got, *ref).empty(), (std::string(source) + ": " + compareTensors(*got, *ref)).c_str());
            QCOMPARE(got->getInt("general.file_type"), ref->getInt("general.file_type"));
            // Tensor order is llama-quantize's.
            for (size_t i = 0; i < ref->tensors().size(); ++i) QCOMPARE(got->tensors()[i].name, ref->tensors()[i].name);
            for (auto& r : report.tensors) {
                QVERIFY(r.measured);
                if (r.type != qs::DType::F32) {
                    QVERIFY2(r.error.relFrobenius > 0 && r.error.relFrobenius < 0.6, r.name.c_str());
                    QVERIFY(r.error.cosine > 0.8 && r.error.cosine <= 1.0);
                } else if (r.sourceType == qs::DType::F32) { // copied verbatim: exact
                    QCOMPARE(r.error.cosine, 1.0);
                    QCOMPARE(r.error.relFrobenius, 0.0);
                    QVERIFY(std::isinf(r.error.sqnrDb));
                    QCOMPARE(r.error.count, r.params);
                }
            }
        }
    }

    void q4kmMixtureIsByteExact() {
        QS_REQUIRE_SHARED("reference/gguf/austen-5m-Q4_K_M.gguf");
        auto ref = qs::GgufFile::open(qs::test::sharedPath("reference/gguf/austen-5m-Q4_K_M.gguf"));
        QTemporaryDir dir;
        for (const char* source : {"models/austen-5m", "models/austen-5m-f16.gguf"}) {
            const qs::Model m = qs::loadModel(qs::test::sharedPath(source));
            qs::GgufExportOptions opt;
            opt.fileType = qs::llamaFtypeId(qs::LlamaFtype::Q4_K_M);
            qs::ThreadPool pool(2);
            const std::string out = dir.filePath("m.gguf").toStdString();
            qs::exportGguf(m, qs::llamaMixtureTypes(m, qs::LlamaFtype::Q4_K_M), opt, out, pool);
            auto got = qs::GgufFile::open(out);
            QVERIFY2(compareTensors(*got, *ref).empty(), (std::string(source) + ": " + compareTensors(*got, *ref)).c_str());
            QCOMPARE(got->getInt("general.file_type"), 15);
        }
    }

    void mixtureRules() {
        QS_REQUIRE_SHARED("models/austen-5m");
        const qs::Model m = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        auto typeOf = [&](const std::vector<qs::DType>& types, qs::TensorRole role, int block) {
            for (size_t i = 0; i < m.tensors().size(); ++i)
                if (m.tensors()[i].role == role && m.tensors()[i].block == block) return types[i];
            return qs::DType::F32;
        };
        // 4 layers, n_gqa = 2: Q2_K gives attn_v Q3_K, ffn_down Q3_K, attn_output Q3_K, output Q6_K.
        auto q2 = qs::llamaMixtureTypes(m, qs::LlamaFtype::Q2_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::AttnV, 0), qs::DType::Q3_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::MlpDown, 3), qs::DType::Q3_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::AttnO, 1), qs::DType::Q3_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::MlpUp, 1), qs::DType::Q2_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::Output, -1), qs::DType::Q6_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::Embedding, -1), qs::DType::Q2_K);
        QCOMPARE(typeOf(q2, qs::TensorRole::AttnNorm, 0), qs::DType::F32);
        auto q3m = qs::llamaMixtureTypes(m, qs::LlamaFtype::Q3_K_M);
        QCOMPARE(typeOf(q3m, qs::TensorRole::AttnV, 1), qs::DType::Q5_K);
        QCOMPARE(typeOf(q3m, qs::TensorRole::AttnV, 2), qs::DType::Q4_K);
        QCOMPARE(typeOf(q3m, qs::TensorRole::MlpDown, 0), qs::DType::Q4_K); // n/16 = 0
        auto q40 = qs::llamaMixtureTypes(m, qs::LlamaFtype::Q4_0);
        QCOMPARE(typeOf(q40, qs::TensorRole::Output, -1), qs::DType::Q6_K);
        QCOMPARE(typeOf(q40, qs::TensorRole::MlpDown, 3), qs::DType::Q4_0);
        auto q80 = qs::llamaMixtureTypes(m, qs::LlamaFtype::Q8_0);
        QCOMPARE(typeOf(q80, qs::TensorRole::Output, -1), qs::DType::Q8_0);
        QCOMPARE(*qs::parseLlamaFtype("Q4_K"), qs::LlamaFtype::Q4_K_M);
        QVERIFY(!qs::parseLlamaFtype("Q7_K"));
    }

    void resultIndependentOfThreads() {
        QS_REQUIRE_SHARED("models/austen-5m");
        if (!qs::findTypeByName("Q4_K")->fromFloatRef) QSKIP("quantizer not implemented");
        QTemporaryDir dir;
        const std::string a = dir.filePath("a.gguf").toStdString(), b = dir.filePath("b.gguf").toStdString();
        auto ra = quantizeTo(qs::test::sharedPath("models/austen-5m"), "Q4_K", a, 1);
        auto rb = quantizeTo(qs::test::sharedPath("models/austen-5m"), "Q4_K", b, 3);
        QVERIFY(qs::test::readFile(a) == qs::test::readFile(b));
        for (size_t i = 0; i < ra.tensors.size(); ++i) QCOMPARE(ra.tensors[i].error.mse, rb.tensors[i].error.mse);
    }

    void failedExportLeavesExistingFile() {
        QS_REQUIRE_SHARED("models/austen-5m");
        QTemporaryDir dir;
        const std::string out = dir.filePath("keep.gguf").toStdString();
        qs::test::writeFile(out, std::string("precious"));
        const qs::Model m = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        auto types = qs::pureTypePlan(m, qs::DType::F16);
        qs::ThreadPool pool(2);
        qs::CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(qs::Cancelled, qs::exportGguf(m, types, {}, out, pool, &cancel));
        QCOMPARE(qs::test::readFile(out), std::vector<uint8_t>({'p', 'r', 'e', 'c', 'i', 'o', 'u', 's'}));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temp file left behind
    }

    void fallbackForOddRows() {
        QCOMPARE(qs::fallbackType(qs::DType::Q4_K, 896), qs::DType::Q5_0);
        QCOMPARE(qs::fallbackType(qs::DType::Q6_K, 96), qs::DType::Q8_0);
        QCOMPARE(qs::fallbackType(qs::DType::Q4_0, 48), qs::DType::F16);
        QCOMPARE(qs::fallbackType(qs::DType::Q4_K, 512), qs::DType::Q4_K);
    }
};

QTEST_GUILESS_MAIN(TestGgufExport)
#include "test_gguf_export.moc"
