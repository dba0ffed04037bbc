#pragma once
// The grids GPTQ rounds onto, one row at a time. A group's parameters are fixed by fit() from the row's
// values at that moment (the error-compensated weights when the group starts, or the original weights for
// static groups); round() then maps single elements onto them and records the code.
//   integer grid: QuantSpec bits/group/sym, parameters by the spec's range rule (grid.h)
//   GGUF grid:    the block type's own quantizer chooses the block's scales; elements are re-rounded on
//                 the block's affine grid (gguf_codes.h), so the final bytes are valid blocks of the type
#include "core/quant/quant_result.h"

#include <memory>

namespace qs {

class GptqGrid {
public:
    virtual ~GptqGrid() = default;
    virtual int64_t groupCols() const = 0;
    // values: the group's groupCols() current values (original column order for GGUF; any order for integer).
    virtual void fit(int64_t row, int64_t group, const float* values) = 0;
    // The grid value nearest w for element (row, col), col in original order; records its code.
    virtual float round(int64_t row, int64_t col, float w) = 0;
    // Moves the stored form into the result and sets result.weight.
    virtual void finish(QuantResult& result) = 0;
};

// columnGroup: group slot of each original column within its row (act-order with dynamic groups); empty:
// col / groupCols. Throws qs::Error for specs GPTQ cannot target.
std::unique_ptr<GptqGrid> makeGptqGrid(const QuantSpec& spec, int64_t rows, int64_t cols, std::vector<int32_t> columnGroup);

} // namespace qs
