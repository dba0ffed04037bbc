#pragma once
// Tiled Cholesky factorisation and triangular inverse on the thread pool, in fp32 (as GPTQ's references). Every
// tile is computed by one single-threaded BLAS call whose inputs do not depend on the scheduling, so the result is
// bit-identical at any thread count.
#include <cstdint>
#include <vector>

namespace qs {

class ThreadPool;

// a [n, n] row-major, symmetric (the lower triangle is read). On success its lower triangle holds L with
// A = L Lᵀ (the strict upper triangle is left as it was) and true is returned; false when A is not positive
// definite.
bool choleskyLower(std::vector<float>& a, int64_t n, ThreadPool* pool);

// L⁻¹ of a lower-triangular l [n, n] row-major (upper triangle ignored), as a lower-triangular matrix (upper
// triangle zero).
std::vector<float> inverseLower(const std::vector<float>& l, int64_t n, ThreadPool* pool);

} // namespace qs
