#pragma once
// NaN/Inf detection before quantizing: llama.cpp's quantizers behave undefinedly on them, so callers
// refuse with the tensor name and the first bad position (issue-notes, issue 3).
#include <cstdint>
#include <optional>
#include <string>

namespace qs {

struct NonFinite {
    int64_t row = 0;
    int64_t col = 0;
    float value = 0.0f;
};

// First non-finite element in row-major order, or nullopt.
std::optional<NonFinite> findNonFinite(const float* w, int64_t rows, int64_t cols);

// Throws qs::Error(tensorName, "non-finite value nan at row R, column C") (exit code 2) if there is one.
void requireFinite(const float* w, int64_t rows, int64_t cols, const std::string& tensorName);

} // namespace qs
