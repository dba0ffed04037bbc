// The dispatch point: names, the QS_SIMD override (set before the first use), and that every type gets
// kernels.
#include "core/quant/kernels/dispatch.h"

#include <QtTest>

using namespace qs;

class TestKernelDispatch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("QS_SIMD", "scalar"); } // before anything calls activeSimd()

    void overrideSelectsScalar() {
        QCOMPARE(activeSimd(), SimdIsa::Scalar);
        for (DType t : {DType::Q4_0, DType::Q8_0, DType::Q4_K, DType::Q6_K}) {
            QVERIFY(kernels(t).fromFloat == traits(t).fromFloatRef);
            QVERIFY(kernels(t).fromFloatWeighted == traits(t).fromFloatWeightedRef);
            QVERIFY(kernels(t).toFloat == traits(t).toFloat);
        }
    }

    void names() {
        for (SimdIsa isa : {SimdIsa::Scalar, SimdIsa::Avx2, SimdIsa::Avx512}) QCOMPARE(parseSimd(simdName(isa)), isa);
        QVERIFY(!parseSimd("sse9"));
        QVERIFY(simdSupported(SimdIsa::Scalar));
    }

    void everyFloatTypeHasKernels() {
        for (DType t : {DType::F32, DType::F16, DType::BF16, DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1,
                        DType::Q8_0, DType::Q8_1, DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K,
                        DType::Q8_K}) {
            QVERIFY2(kernels(t).toFloat && kernels(t).fromFloat, typeName(t).data());
            for (SimdIsa isa : {SimdIsa::Avx2, SimdIsa::Avx512}) {
                if (!simdSupported(isa)) continue;
                const KernelPair k = kernelsUpTo(t, isa);
                QVERIFY(k.toFloat && k.fromFloat);
            }
        }
    }

    void simdVariantsExistWhereSupported() {
        for (SimdIsa isa : {SimdIsa::Avx2, SimdIsa::Avx512}) {
            if (!simdSupported(isa)) continue;
            for (DType t : {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K, DType::Q3_K,
                            DType::Q4_K, DType::Q5_K, DType::Q6_K}) {
                const KernelPair k = kernelsFor(t, isa);
                QVERIFY2(k.toFloat && k.fromFloat, typeName(t).data());
                QVERIFY(k.fromFloat != traits(t).fromFloatRef);
                // Weighted (imatrix) variants for every type that uses importances; Q8_0 ignores them.
                QCOMPARE(k.fromFloatWeighted != nullptr, t != DType::Q8_0);
                QVERIFY(!k.fromFloatWeighted || k.fromFloatWeighted != traits(t).fromFloatWeightedRef);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestKernelDispatch)
#include "test_kernel_dispatch.moc"
