#pragma once
// GPTQ (Frantar et al., 2022), as IST-DASLab/gptq's fasterquant and AutoGPTQ/GPTQModel run it:
//   dead inputs (H_ii = 0): H_ii = 1 and the column is zeroed; dampening H += percent · mean(diag H) · I;
//   act-order permutes columns by descending diag(H); U = upper Cholesky factor of H⁻¹; columns are
//   quantized in lazy blocks, each error (w − q)/U_jj spread over the rest of its block at once and over
//   the trailing columns with one sgemm per block. Group parameters are fitted when the group starts
//   (from the compensated weights), or up front from the original weights with static groups.
// Rows are independent given U, so they run in fixed chunks on the pool: bit-identical at any thread count.
#include "core/quant/quant_result.h"

#include <cstdint>

namespace qs {

class CancelToken;
class ThreadPool;

struct GptqOptions {
    double dampPercent = 0.01;
    int64_t blockSize = 128;   // lazy batch; raised to a multiple of the group so no group straddles two
    bool actOrder = false;
    bool staticGroups = false; // with actOrder: groups of consecutive original columns, fitted up front
};

// w [rows, cols], hessian = Σ xxᵀ [cols, cols] (any positive multiple works). When the damped Hessian is not
// positive definite the dampening is raised in steps of 0.25 % (GPTQModel's damp_auto_increment) and the
// result notes it. Throws qs::Error for unsupported specs or shapes, Cancelled on cancel.
QuantResult quantizeGptq(const float* w, int64_t rows, int64_t cols, const double* hessian, const QuantSpec& spec,
                         const GptqOptions& opt = {}, ThreadPool* pool = nullptr, const CancelToken* cancel = nullptr);

} // namespace qs
