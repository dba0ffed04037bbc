#include "core/model/nonfinite.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace qs {
namespace {

template <typename Bits> std::optional<int64_t> firstWithExponentAllOnes(const uint8_t* data, int64_t n, Bits mask) {
    const auto* v = reinterpret_cast<const Bits*>(data);
    for (int64_t i = 0; i < n; ++i)
        if ((v[i] & mask) == mask) return i;
    return std::nullopt;
}

} // namespace

std::optional<Position> findNonFinite(const Model& model, const TensorInfo& t) {
    std::optional<int64_t> flat;
    switch (t.type) {
    case DType::F32: flat = firstWithExponentAllOnes<uint32_t>(t.data, t.params, 0x7f800000u); break;
    case DType::F16: flat = firstWithExponentAllOnes<uint16_t>(t.data, t.params, 0x7c00u); break;
    case DType::BF16: flat = firstWithExponentAllOnes<uint16_t>(t.data, t.params, 0x7f80u); break;
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
