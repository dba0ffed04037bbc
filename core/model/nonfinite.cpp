#include "core/model/nonfinite.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace qs {
namespace {

constexpr int64_t kScanChunk = int64_t(1) << 20; // values per parallel task

// Index of the first value whose exponent bits are all ones (Inf or NaN), or -1. The plain loop is what the
// SSE2 path (8 or 4 values per compare) falls back to for the tail.
template <typename Bits> int64_t firstWithExponentAllOnes(const Bits* v, int64_t n, Bits mask) {
    int64_t i = 0;
#if defined(__SSE2__)
    constexpr int64_t step = 16 / int64_t(sizeof(Bits));
    const __m128i m = sizeof(Bits) == 2 ? _mm_set1_epi16(short(mask)) : _mm_set1_epi32(int(mask));
    for (; i + step <= n; i += step) {
        const __m128i x = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(v + i)), m);
        const __m128i eq = sizeof(Bits) == 2 ? _mm_cmpeq_epi16(x, m) : _mm_cmpeq_epi32(x, m);
        if (_mm_movemask_epi8(eq)) break; // the scalar loop below finds which one
    }
#endif
    for (; i < n; ++i)
        if ((v[i] & mask) == mask) return i;
    return -1;
}

// Parallel over fixed chunks; the smallest bad index wins, so the answer never depends on the thread count.
template <typename Bits> std::optional<int64_t> scan(const uint8_t* data, int64_t n, Bits mask, ThreadPool* pool) {
    const auto* v = reinterpret_cast<const Bits*>(data);
    const int64_t chunks = (n + kScanChunk - 1) / kScanChunk;
    std::vector<int64_t> first(size_t(chunks), -1);
    auto task = [&](int64_t c) {
        const int64_t i0 = c * kScanChunk, len = std::min(kScanChunk, n - i0);
        const int64_t at = firstWithExponentAllOnes<Bits>(v + i0, len, mask);
        first[size_t(c)] = at < 0 ? -1 : i0 + at;
    };
    if (pool && chunks > 1) pool->parallelFor(chunks, task);
    else
        for (int64_t c = 0; c < chunks; ++c) task(c);
    for (int64_t f : first)
        if (f >= 0) return f;
    return std::nullopt;
}

} // namespace

std::optional<Position> findNonFinite(const Model& model, const TensorInfo& t, ThreadPool* pool) {
    std::optional<int64_t> flat;
    switch (t.type) {
    case DType::F32: flat = scan<uint32_t>(t.data, t.params, 0x7f800000u, pool); break;
    case DType::F16: flat = scan<uint16_t>(t.data, t.params, 0x7c00u, pool); break;
    case DType::BF16: flat = scan<uint16_t>(t.data, t.params, 0x7f80u, pool); break;
    default: {
        if (!traits(t.type).toFloat) return std::nullopt;
        std::vector<float> row(size_t(t.cols()));
        for (int64_t r = 0; r < t.rows(); ++r) {
            model.readRows(t, r, 1, row.data(), RowOrder::Stored);
            for (int64_t c = 0; c < t.cols(); ++c)
                if (!std::isfinite(row[size_t(c)])) {
                    flat = r * t.cols() + c;
                    break;
                }
            if (flat) break;
        }
    }
    }
    if (!flat) return std::nullopt;
    const int64_t storedRow = *flat / t.cols();
    int64_t canonical = storedRow;
    for (int64_t r = 0; r < t.rows(); ++r) // map back through the q/k permutation (rare path)
        if (model.storedRow(t, r) == storedRow) canonical = r;
    return Position{canonical, *flat % t.cols()};
}

} // namespace qs
