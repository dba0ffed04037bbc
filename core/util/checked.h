#pragma once
// Overflow-checked integer arithmetic for parsers: false on overflow.
#include <cstdint>

namespace qs {

inline bool checkedMul(uint64_t a, uint64_t b, uint64_t& out) { return !__builtin_mul_overflow(a, b, &out); }
inline bool checkedAdd(uint64_t a, uint64_t b, uint64_t& out) { return !__builtin_add_overflow(a, b, &out); }

} // namespace qs
