#pragma once
// A synthetic sensitivity measurement of a model for the planner and Sensitivity-tab tests: KLD falls by about
// 4× per bit; attn_v, ffn_down and the output head are far more sensitive than the rest.
#include "core/plan/measurement.h"
#include "core/quant/types.h"

#include <cmath>
#include <string>

namespace qs::test {

inline constexpr DType kSyntheticCandidates[] = {DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::Q8_0};

inline Measurement syntheticMeasurement(const Model& model, const std::string& identity = "id") {
    Measurement m = newMeasurement(model, identity, {{"method", "rtn"}});
    for (auto& t : m.tensors) {
        const double factor = t.role == TensorRole::AttnV || t.role == TensorRole::MlpDown ? 8.0
                              : t.role == TensorRole::Output                              ? 20.0
                                                                                          : 1.0 + 0.1 * t.block;
        for (DType type : kSyntheticCandidates) {
            const double bits = bitsPerWeight(traits(type));
            t.results[type] = {factor * 1e-3 * std::pow(4.0, 2.625 - bits), 1e-2 * std::pow(4.0, 2.625 - bits),
                               uint64_t(t.rows * rowBytes(traits(type), t.cols))};
        }
    }
    return m;
}

} // namespace qs::test
