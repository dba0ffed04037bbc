// Every quantizable tensor of austen-5m-f16.gguf, quantized with the scalar reference kernels, must equal
// llama-quantize --pure's bytes in reference/gguf/austen-5m-TYPE-pure.gguf.
#include "core/formats/gguf.h"
#include "core/quant/types.h"
#include "tests/support/gguf_compare.h"
#include "tests/support/support.h"

#include <QtTest>

using namespace qs;

using test::rowsOf;
using test::tensorAsFloat;

class TestQuantReferenceExact : public QObject {
    Q_OBJECT
private slots:
    void matchesLlamaQuantize_data() {
        QTest::addColumn<QString>("type");
        for (const char* t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
            QTest::newRow(t) << QString(t);
    }
    void matchesLlamaQuantize() {
        QFETCH(QString, type);
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const std::string refRel = "reference/gguf/austen-5m-" + type.toStdString() + "-pure.gguf";
        if (!test::sharedExists(refRel)) QSKIP("reference file missing");
        const TypeTraits* tt = findTypeByName(type.toStdString());
        QVERIFY(tt && tt->fromFloatRef);
        const auto src = GgufFile::open(test::sharedPath("models/austen-5m-f16.gguf"));
        const auto ref = GgufFile::open(test::sharedPath(refRel));
        int checked = 0;
        for (const auto& t : src->tensors()) {
            if (t.ne.size() < 2 || t.name.find("_norm") != std::string::npos) continue;
            const auto* r = ref->findTensor(t.name);
            QVERIFY2(r, t.name.c_str());
            QCOMPARE(r->type, tt->type);
            const std::vector<float> x = tensorAsFloat(*src, t);
            std::vector<uint8_t> q(size_t(rowBytes(*tt, t.ne[0]) * rowsOf(t)));
            QCOMPARE(uint64_t(q.size()), r->nbytes);
            const int64_t rb = rowBytes(*tt, t.ne[0]);
            for (int64_t row = 0; row < rowsOf(t); ++row)
                tt->fromFloatRef(x.data() + row * t.ne[0], q.data() + row * rb, t.ne[0]);
            if (std::memcmp(q.data(), ref->tensorData(*r), q.size()) != 0) {
                size_t i = 0;
                while (q[i] == ref->tensorData(*r)[i]) ++i;
                QFAIL(qPrintable(QString("%1: first differing byte %2 (block %3, byte %4 in block): ours %5, ref %6")
                                     .arg(t.name.c_str()).arg(i).arg(i / size_t(tt->bytesPerBlock))
                                     .arg(i % size_t(tt->bytesPerBlock)).arg(q[i]).arg(ref->tensorData(*r)[i])));
            }
            ++checked;
        }
        QVERIFY(checked > 0);
        qInfo("%s: %d tensors byte-identical", qPrintable(type), checked);
    }
};

QTEST_GUILESS_MAIN(TestQuantReferenceExact)
#include "test_quant_reference_exact.moc"
