#pragma once
// Error metrics between an original weight W and its dequantized Ŵ ([rows, cols], row-major), and the
// relative output error on activation rows X. Sums are accumulated in double per fixed row chunk and
// merged in chunk order, so the numbers do not depend on the thread count.
#include <cstdint>
#include <optional>

#include <nlohmann/json_fwd.hpp>

namespace qs {

class ThreadPool;
struct ErrorAccumulator;

struct ErrorMetrics {
    int64_t count = 0;
    double mse = 0;          // mean (W − Ŵ)²
    double rmse = 0;
    double maxAbs = 0;       // max |W − Ŵ|
    double sqnrDb = 0;       // 10 log10(Σ W² / Σ (W − Ŵ)²); +inf when Ŵ = W
    double cosine = 0;       // <W, Ŵ> / (‖W‖ ‖Ŵ‖)
    double relFrobenius = 0; // ‖W − Ŵ‖_F / ‖W‖_F
    std::optional<double> relOutputError; // ‖XWᵀ − XŴᵀ‖²_F / ‖XWᵀ‖²_F, when activations were given
};

// The metrics of accumulated sums (no relOutputError).
ErrorMetrics toMetrics(const ErrorAccumulator& sums);

// The metrics of an exact copy of `count` values: no error, cosine 1, SQNR +inf.
ErrorMetrics exactMetrics(int64_t count);

ErrorMetrics weightError(const float* w, const float* what, int64_t rows, int64_t cols, ThreadPool* pool = nullptr);

// x: [xRows, cols]. Products in fp32 (Eigen) per fixed chunk of X rows, ‖·‖² accumulated in double;
// X(W − Ŵ)ᵀ is formed directly rather than as a difference of two products.
double relOutputError(const float* x, int64_t xRows, const float* w, const float* what, int64_t rows, int64_t cols,
                      ThreadPool* pool = nullptr);

// Both: weightError plus relOutputError when x is not null.
ErrorMetrics errorMetrics(const float* w, const float* what, int64_t rows, int64_t cols, const float* x = nullptr,
                          int64_t xRows = 0, ThreadPool* pool = nullptr);

// Keys: count, mse, rmse, max_abs, sqnr_db (null if infinite), cosine, rel_frobenius, rel_output_error (if set).
nlohmann::json toJson(const ErrorMetrics& m);

} // namespace qs
