#include "core/quant/kernels/intgrid.h"

#include "core/quant/grid.h"
#include "core/quant/nf4.h"

#include <algorithm>

namespace qs {
namespace quant {
namespace {

void minMaxRef(const float* x, int64_t n, float* lo, float* hi) {
    float a = x[0], b = x[0];
    for (int64_t i = 1; i < n; ++i) {
        a = std::min(a, x[i]);
        b = std::max(b, x[i]);
    }
    *lo = a;
    *hi = b;
}

void encodeRef(const float* x, int64_t n, float scale, int32_t zero, int32_t qmax, uint8_t* codes) {
    const GroupGrid g{scale, zero};
    for (int64_t i = 0; i < n; ++i) codes[i] = encodeCode(x[i], g, qmax);
}

void decodeRef(const uint8_t* codes, int64_t n, float scale, int32_t zero, float* out) {
    const GroupGrid g{scale, zero};
    for (int64_t i = 0; i < n; ++i) out[i] = decodeCode(codes[i], g);
}

void nf4DecodeRef(const uint8_t* codes, int64_t n, float absmax, float* out) {
    for (int64_t i = 0; i < n; ++i) out[i] = nf4Decode(codes[i], absmax);
}

} // namespace

IntGridKernels scalarIntGridKernels() { return {minMaxRef, encodeRef, decodeRef, nf4QuantizeBlock, nf4DecodeRef}; }

} // namespace quant

IntGridKernels intGridKernelsFor(SimdIsa isa) {
    switch (isa) {
    case SimdIsa::Scalar: return quant::scalarIntGridKernels();
    case SimdIsa::Avx2: return quant::avx2IntGridKernels();
    case SimdIsa::Avx512: return quant::avx512IntGridKernels();
    }
    return quant::scalarIntGridKernels();
}

const IntGridKernels& intGridKernels() {
    static const IntGridKernels k = intGridKernelsFor(activeSimd());
    return k;
}

} // namespace qs
