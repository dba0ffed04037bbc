#pragma once
// The second moment of a layer's inputs, H = Σ xxᵀ over calibration rows, and the output error it
// measures: ‖X(W − Ŵ)ᵀ‖²_F = Σ_rows (w − ŵ) H (w − ŵ)ᵀ, so methods and reports need H, never X itself.
#include <cstdint>
#include <vector>

namespace qs {

class ThreadPool;

// H = XᵀX of rows x [n, cols] (float64, [cols, cols]). Products run in fp32 (OpenBLAS, as the reference
// GPTQ accumulates its Hessian) over fixed tiles, so the result does not depend on the thread count.
std::vector<double> hessianFromRows(const float* x, int64_t n, int64_t cols, ThreadPool* pool = nullptr);

// Σ over rows of (w − ŵ) H (w − ŵ)ᵀ for w, what [rows, cols] and hf = H in fp32; accumulated in double
// per fixed row chunk. With what = nullptr: Σ w H wᵀ (the output energy).
double hessianOutputError(const float* w, const float* what, int64_t rows, int64_t cols, const float* hf,
                          ThreadPool* pool = nullptr);

// ‖X(W − Ŵ)ᵀ‖² / ‖XWᵀ‖² from H (0 when the output energy is 0).
double relativeOutputError(const float* w, const float* what, int64_t rows, int64_t cols, const std::vector<double>& h,
                           ThreadPool* pool = nullptr);

std::vector<float> toFloat(const std::vector<double>& v);

} // namespace qs
