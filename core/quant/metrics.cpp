#include "core/quant/metrics.h"

#include "core/quant/error_accumulator.h"
#include "core/quant/row_chunks.h"

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

namespace qs {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

} // namespace

ErrorMetrics weightError(const float* w, const float* what, int64_t rows, int64_t cols, ThreadPool* pool) {
    std::vector<ErrorAccumulator> part(size_t(rowChunkCount(rows, cols)));
    forEachRowChunkIndexed(rows, cols, pool, nullptr, [&](int64_t c, int64_t r0, int64_t n) {
        part[size_t(c)].add(w + r0 * cols, what + r0 * cols, n * cols);
    });
    ErrorAccumulator t;
    for (const ErrorAccumulator& p : part) t.merge(p); // chunk order: thread-count independent
    return toMetrics(t);
}

ErrorMetrics exactMetrics(int64_t count) {
    ErrorMetrics m;
    m.count = count;
    m.sqnrDb = std::numeric_limits<double>::infinity();
    m.cosine = 1;
    return m;
}

ErrorMetrics toMetrics(const ErrorAccumulator& t) {
    ErrorMetrics m;
    m.count = t.count;
    m.mse = t.mse();
    m.rmse = t.rmse();
    m.maxAbs = t.maxAbsErr;
    m.sqnrDb = t.sqnrDb();
    m.cosine = t.cosine();
    m.relFrobenius = t.relativeFrobenius();
    return m;
}

double relOutputError(const float* x, int64_t xRows, const float* w, const float* what, int64_t rows, int64_t cols,
                      ThreadPool* pool) {
    const Eigen::Map<const RowMatrix> W(w, rows, cols), Wq(what, rows, cols);
    const RowMatrix D = W - Wq;
    // Chunk X by rows so that each chunk's product is a fixed [chunk, rows] block.
    const int64_t chunkRows = 64, chunks = (xRows + chunkRows - 1) / chunkRows;
    std::vector<std::pair<double, double>> part(static_cast<size_t>(chunks));
    auto one = [&](int64_t c) {
        const int64_t r0 = c * chunkRows, n = std::min(chunkRows, xRows - r0);
        const Eigen::Map<const RowMatrix> X(x + r0 * cols, n, cols);
        const RowMatrix Y = X * W.transpose();
        const RowMatrix E = X * D.transpose();
        double y2 = 0, e2 = 0;
        for (Eigen::Index i = 0; i < Y.size(); ++i) {
            y2 += double(Y.data()[i]) * double(Y.data()[i]);
            e2 += double(E.data()[i]) * double(E.data()[i]);
        }
        part[size_t(c)] = {e2, y2};
    };
    if (pool) pool->parallelFor(chunks, one);
    else
        for (int64_t c = 0; c < chunks; ++c) one(c);
    double e2 = 0, y2 = 0;
    for (auto& [e, y] : part) {
        e2 += e;
        y2 += y;
    }
    return y2 > 0 ? e2 / y2 : (e2 > 0 ? std::numeric_limits<double>::infinity() : 0.0);
}

ErrorMetrics errorMetrics(const float* w, const float* what, int64_t rows, int64_t cols, const float* x, int64_t xRows,
                          ThreadPool* pool) {
    ErrorMetrics m = weightError(w, what, rows, cols, pool);
    if (x) m.relOutputError = relOutputError(x, xRows, w, what, rows, cols, pool);
    return m;
}

nlohmann::json toJson(const ErrorMetrics& m) {
    auto finiteOrNull = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    nlohmann::json j = {{"count", m.count},
                        {"mse", m.mse},
                        {"rmse", m.rmse},
                        {"max_abs", m.maxAbs},
                        {"sqnr_db", finiteOrNull(m.sqnrDb)},
                        {"cosine", m.cosine},
                        {"rel_frobenius", finiteOrNull(m.relFrobenius)}};
    if (m.relOutputError) j["rel_output_error"] = finiteOrNull(*m.relOutputError);
    return j;
}

} // namespace qs
