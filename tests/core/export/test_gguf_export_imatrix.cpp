// Export with an importance matrix: both sources must reproduce llama-quantize --imatrix byte for byte.
#include "core/export/gguf_export.h"
#include "core/formats/gguf.h"
#include "core/formats/imatrix.h"
#include "core/plan/llama_mixture.h"
#include "core/util/error.h"
#include "tests/support/gguf_compare.h"
#include "tests/support/support.h"

#include <QtTest>

namespace {

const char* kImatrix = "reference/imatrix/imatrix-austen-5m.dat";
const char* kSources[] = {"models/austen-5m", "models/austen-5m-f16.gguf"};

std::shared_ptr<const qs::Imatrix> referenceImatrix() {
    return std::make_shared<const qs::Imatrix>(qs::readImatrix(qs::test::sharedPath(kImatrix)));
}

qs::GgufExportReport exportWith(const std::string& source, const std::string& type, bool mixture,
                                std::shared_ptr<const qs::Imatrix> imatrix, const std::string& out) {
    const qs::Model m = qs::loadModel(qs::test::sharedPath(source));
    const auto ftype = *qs::parseLlamaFtype(type);
    qs::GgufExportOptions opt;
    opt.fileType = qs::llamaFtypeId(ftype);
    opt.imatrix = std::move(imatrix);
    opt.imatrixFile = "imatrix-austen-5m.dat";
    qs::ThreadPool pool(2);
    const auto types = mixture ? qs::llamaMixtureTypes(m, ftype, true) : qs::pureTypePlan(m, qs::findTypeByName(type)->type);
    return qs::exportGguf(m, types, opt, out, pool);
}

std::string exportError(std::shared_ptr<const qs::Imatrix> imatrix) {
    QTemporaryDir dir;
    try {
        exportWith("models/austen-5m-f16.gguf", "Q4_K", false, std::move(imatrix), dir.filePath("x.gguf").toStdString());
        return "";
    } catch (const qs::Error& e) {
        return e.what();
    }
}

// The reference's four quantize.imatrix.* keys are the last KVs of ours too, with the same types and values.
void compareImatrixKeys(const qs::GgufFile& got, const qs::GgufFile& ref) {
    const auto& g = got.metadata();
    const auto& r = ref.metadata();
    QVERIFY(g.size() >= 4 && r.size() >= 4);
    for (size_t k = 0; k < 4; ++k) {
        const auto& gk = g[g.size() - 4 + k];
        const auto& rk = r[r.size() - 4 + k];
        QCOMPARE(gk.first, rk.first);
        QCOMPARE(gk.second.type, rk.second.type);
        QCOMPARE(gk.second.summary(), rk.second.summary());
    }
    QCOMPARE(got.getString("quantize.imatrix.dataset"), std::string("calib-austen.txt"));
    QCOMPARE(got.find("quantize.imatrix.entries_count")->type, qs::GgufType::I32);
    QCOMPARE(got.getInt("quantize.imatrix.chunks_count"), 209);
}

} // namespace

class TestGgufExportImatrix : public QObject {
    Q_OBJECT
private slots:
    void weightedTypesAreByteExact_data() {
        QTest::addColumn<QString>("type");
        for (const char* t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"}) QTest::newRow(t) << t;
    }
    void weightedTypesAreByteExact() {
        QFETCH(QString, type);
        const std::string t = type.toStdString();
        const std::string refRel = "reference/imatrix/austen-5m-" + t + "-imatrix-pure.gguf";
        if (!qs::test::sharedExists(refRel) || !qs::test::sharedExists(kImatrix)) QSKIP("reference files missing");
        auto ref = qs::GgufFile::open(qs::test::sharedPath(refRel));
        const auto imatrix = referenceImatrix();
        QTemporaryDir dir;
        for (const char* source : kSources) {
            const std::string out = dir.filePath("out.gguf").toStdString();
            const auto report = exportWith(source, t, false, imatrix, out);
            auto got = qs::GgufFile::open(out);
            const std::string diff = qs::test::compareTensors(*got, *ref);
            QVERIFY2(diff.empty(), (std::string(source) + ": " + diff).c_str());
            compareImatrixKeys(*got, *ref);
            // The 28 decoder matrices used weights; token_embd and output have no entry and say so.
            int weighted = 0;
            for (auto& r : report.tensors) {
                weighted += r.imatrix;
                QCOMPARE(r.imatrix, r.name.rfind("blk.", 0) == 0 && r.type != qs::DType::F32);
            }
            QCOMPARE(weighted, 28);
            QCOMPARE(report.warnings.size(), size_t(2));
            const std::string warnings = report.warnings[0] + "\n" + report.warnings[1];
            QVERIFY2(warnings.find("token_embd.weight: no imatrix entry") != std::string::npos, warnings.c_str());
            QVERIFY2(warnings.find("output.weight: no imatrix entry") != std::string::npos, warnings.c_str());
        }
    }

    void q4kmMixtureIsByteExact() {
        QS_REQUIRE_SHARED("reference/imatrix/austen-5m-Q4_K_M-imatrix.gguf");
        auto ref = qs::GgufFile::open(qs::test::sharedPath("reference/imatrix/austen-5m-Q4_K_M-imatrix.gguf"));
        const auto imatrix = referenceImatrix();
        QTemporaryDir dir;
        for (const char* source : kSources) {
            const std::string out = dir.filePath("m.gguf").toStdString();
            exportWith(source, "Q4_K_M", true, imatrix, out);
            auto got = qs::GgufFile::open(out);
            const std::string diff = qs::test::compareTensors(*got, *ref);
            QVERIFY2(diff.empty(), (std::string(source) + ": " + diff).c_str());
            compareImatrixKeys(*got, *ref);
            QCOMPARE(got->getInt("general.file_type"), 15);
        }
    }

    void q8IgnoresTheImatrix() {
        QS_REQUIRE_SHARED("reference/gguf/austen-5m-Q8_0-pure.gguf");
        QTemporaryDir dir;
        const std::string out = dir.filePath("q8.gguf").toStdString();
        const auto report = exportWith("models/austen-5m-f16.gguf", "Q8_0", false, referenceImatrix(), out);
        auto ref = qs::GgufFile::open(qs::test::sharedPath("reference/gguf/austen-5m-Q8_0-pure.gguf"));
        QCOMPARE(QString::fromStdString(qs::test::compareTensors(*qs::GgufFile::open(out), *ref)), QString());
        for (auto& r : report.tensors) QVERIFY(!r.imatrix);
        QVERIFY(report.warnings.empty());
    }

    void legacyMixturesProtectEarlyFfnDown() {
        QS_REQUIRE_SHARED("models/austen-29m"); // 8 layers: n/8 = 1, so layer 0's ffn_down changes
        const qs::Model m = qs::loadModel(qs::test::sharedPath("models/austen-29m"));
        for (auto [ftype, plain, protectedType] : {std::tuple{qs::LlamaFtype::Q4_0, qs::DType::Q4_0, qs::DType::Q4_1},
                                                   std::tuple{qs::LlamaFtype::Q5_0, qs::DType::Q5_0, qs::DType::Q5_1}}) {
            const auto with = qs::llamaMixtureTypes(m, ftype, true), without = qs::llamaMixtureTypes(m, ftype, false);
            for (size_t i = 0; i < m.tensors().size(); ++i) {
                const auto& t = m.tensors()[i];
                const bool early = t.role == qs::TensorRole::MlpDown && t.block == 0;
                if (t.role == qs::TensorRole::MlpDown) QCOMPARE(without[i], plain);
                QCOMPARE(with[i], early ? protectedType : without[i]);
            }
        }
    }

    void badImatrixIsRefused() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        qs::Imatrix m;
        m.entries["blk.0.attn_q.weight"] = {std::vector<float>(256, 1.0f), 1};
        m.entries["blk.9.attn_q.weight"] = {std::vector<float>(256, 1.0f), 1};
        QCOMPARE(QString::fromStdString(exportError(std::make_shared<const qs::Imatrix>(m))),
                 QString("imatrix-austen-5m.dat: entry 'blk.9.attn_q.weight' matches no weight of the model"));
        m.entries.erase("blk.9.attn_q.weight");
        m.entries["blk.0.ffn_down.weight"] = {std::vector<float>(256, 1.0f), 1};
        QCOMPARE(QString::fromStdString(exportError(std::make_shared<const qs::Imatrix>(m))),
                 QString("imatrix-austen-5m.dat: entry 'blk.0.ffn_down.weight' has 256 values, but the tensor has 768 input columns"));
    }
};

QTEST_GUILESS_MAIN(TestGgufExportImatrix)
#include "test_gguf_export_imatrix.moc"
