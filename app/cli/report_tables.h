#pragma once
// report.json (core/plan/run_recipe.h) printed as tables: per tensor, totals, evaluation, stages, machine.
#include <cstdio>
#include <nlohmann/json_fwd.hpp>

namespace qs::cli {

// Throws qs::Error when the JSON is not a Quantscope report.
void printReport(const nlohmann::json& report, std::FILE* out, bool tensors = true);

} // namespace qs::cli
