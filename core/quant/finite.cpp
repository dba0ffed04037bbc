#include "core/quant/finite.h"

#include "core/util/error.h"

#include <cmath>

namespace qs {

std::optional<NonFinite> findNonFinite(const float* w, int64_t rows, int64_t cols) {
    for (int64_t i = 0, n = rows * cols; i < n; ++i)
        if (!std::isfinite(w[i])) return NonFinite{i / cols, i % cols, w[i]};
    return std::nullopt;
}

void requireFinite(const float* w, int64_t rows, int64_t cols, const std::string& tensorName) {
    if (auto bad = findNonFinite(w, rows, cols))
        throw Error(tensorName, std::string("non-finite value ") + (std::isnan(bad->value) ? "nan" : bad->value > 0 ? "inf" : "-inf") +
                                    " at row " + std::to_string(bad->row) + ", column " + std::to_string(bad->col));
}

} // namespace qs
