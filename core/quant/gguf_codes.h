#pragma once
// Writing single codes into ggml blocks. Every supported block type dequantizes element i as an affine
// function of its code, v = offset_i + step_i · q with q in [0, maxCode] (Q3_K/Q8_0 codes shifted to be
// unsigned), which lets GPTQ keep a block's scales and re-round elements one at a time.
#include "core/quant/types.h"

#include <cstdint>

namespace qs {

struct BlockCodes {
    int32_t maxCode;
    void (*set)(uint8_t* block, int index, int32_t code); // index within the block
};

// nullptr for types without per-element codes here (float types, Q8_1, Q8_K).
const BlockCodes* blockCodes(DType type);

// The affine grid of every element of one block as its bytes stand (their codes are overwritten, so pass a
// copy): offset[i] = value at code 0, step[i] = (value at maxCode − offset) / maxCode.
void blockAffineGrid(DType type, uint8_t* block, float* offset, float* step);

} // namespace qs
