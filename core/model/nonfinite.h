#pragma once
// Finds the first NaN/Inf weight of a stored tensor without decoding float types (bit tests on the raw
// values), so quantizers can refuse bad tensors before anything is written.
#include "core/model/model.h"
#include "core/util/thread_pool.h"

#include <optional>

namespace qs {

struct Position {
    int64_t row = 0; // canonical (HF) row
    int64_t col = 0;
};

// With a pool the raw scan runs in parallel (same answer: the first bad value in storage order).
std::optional<Position> findNonFinite(const Model& model, const TensorInfo& t, ThreadPool* pool = nullptr);

} // namespace qs
