#include "core/quant/kernels/dispatch.h"

#include <cpuid.h>

#include "core/quant/kernels/isa_kernels.h"

#include <array>
#include <cstdlib>

namespace qs {
namespace {

SimdIsa detectBest() {
    __builtin_cpu_init();
    if (simdSupported(SimdIsa::Avx512)) return SimdIsa::Avx512;
    if (simdSupported(SimdIsa::Avx2)) return SimdIsa::Avx2;
    return SimdIsa::Scalar;
}

SimdIsa chooseIsa() {
    const SimdIsa best = detectBest();
    if (const char* env = std::getenv("QS_SIMD"); env && *env) {
        if (auto wanted = parseSimd(env); wanted && simdSupported(*wanted)) return *wanted;
    }
    return best;
}

} // namespace

KernelPair kernelsUpTo(DType t, SimdIsa isa) {
    KernelPair k = kernelsFor(t, SimdIsa::Scalar);
    auto overlay = [&](KernelPair v) {
        if (v.toFloat) k.toFloat = v.toFloat;
        if (v.fromFloat) k.fromFloat = v.fromFloat;
        if (v.fromFloatWeighted) k.fromFloatWeighted = v.fromFloatWeighted;
    };
    if (isa >= SimdIsa::Avx2) overlay(quant::avx2KernelsFor(t));
    if (isa >= SimdIsa::Avx512) overlay(quant::avx512KernelsFor(t));
    return k;
}

std::string_view simdName(SimdIsa isa) {
    switch (isa) {
    case SimdIsa::Scalar: return "scalar";
    case SimdIsa::Avx2: return "avx2";
    case SimdIsa::Avx512: return "avx512";
    }
    return "?";
}

std::optional<SimdIsa> parseSimd(std::string_view name) {
    for (SimdIsa isa : {SimdIsa::Scalar, SimdIsa::Avx2, SimdIsa::Avx512})
        if (simdName(isa) == name) return isa;
    return std::nullopt;
}

namespace {
// clang 14's __builtin_cpu_supports has no "f16c"; ask CPUID leaf 1 directly (ECX bit 29).
bool hasF16c() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C);
}
} // namespace

bool simdSupported(SimdIsa isa) {
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && hasF16c();
    switch (isa) {
    case SimdIsa::Scalar: return true;
    case SimdIsa::Avx2: return avx2;
    case SimdIsa::Avx512:
        return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    }
    return false;
}

SimdIsa activeSimd() {
    static const SimdIsa isa = chooseIsa();
    return isa;
}

KernelPair kernelsFor(DType t, SimdIsa isa) {
    switch (isa) {
    case SimdIsa::Scalar: {
        const TypeTraits* tt = findType(t);
        return tt ? KernelPair{tt->toFloat, tt->fromFloatRef, tt->fromFloatWeightedRef} : KernelPair{};
    }
    case SimdIsa::Avx2: return quant::avx2KernelsFor(t);
    case SimdIsa::Avx512: return quant::avx512KernelsFor(t);
    }
    return {};
}

KernelPair kernels(DType t) {
    // One resolved table per process, indexed by the ggml id (plain dtypes beyond it resolve directly).
    static const auto table = [] {
        std::array<KernelPair, 32> tab{};
        for (uint32_t id = 0; id < tab.size(); ++id)
            if (auto dt = dtypeFromGgmlId(id)) tab[id] = kernelsUpTo(*dt, activeSimd());
        return tab;
    }();
    const auto id = uint32_t(t);
    return id < table.size() ? table[id] : kernelsFor(t, SimdIsa::Scalar);
}

} // namespace qs
