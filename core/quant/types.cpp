#include "core/quant/types.h"

#include "core/quant/kernels/reference.h"
#include "core/util/half.h"

#include <array>
#include <cstring>
#include <stdexcept>

namespace qs {
namespace {

void f32ToFloat(const void* src, float* dst, int64_t n) { std::memcpy(dst, src, size_t(n) * 4); }
void floatToF32(const float* src, void* dst, int64_t n) { std::memcpy(dst, src, size_t(n) * 4); }
void f16ToFloat(const void* src, float* dst, int64_t n) {
    auto* s = static_cast<const uint16_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = fp16ToFp32(s[i]);
}
void floatToF16(const float* src, void* dst, int64_t n) {
    auto* d = static_cast<uint16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) d[i] = fp32ToFp16(src[i]);
}
void bf16ToFloat(const void* src, float* dst, int64_t n) {
    auto* s = static_cast<const uint16_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = bf16ToFp32(s[i]);
}
void floatToBf16(const float* src, void* dst, int64_t n) {
    auto* d = static_cast<uint16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) d[i] = fp32ToBf16(src[i]);
}
void f64ToFloat(const void* src, float* dst, int64_t n) {
    auto* s = static_cast<const double*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = float(s[i]);
}

// clang-format off
const std::array<TypeTraits, 25> table = {{
    {DType::F32,  "F32",  1, 4, true, false, true, f32ToFloat, floatToF32, nullptr},
    {DType::F16,  "F16",  1, 2, true, false, true, f16ToFloat, floatToF16, nullptr},
    {DType::BF16, "BF16", 1, 2, true, false, true, bf16ToFloat, floatToBf16, nullptr},
    {DType::F64,  "F64",  1, 8, true, false, true, f64ToFloat, nullptr, nullptr},
    {DType::Q4_0, "Q4_0", 32, 18, true, true, true, quant::dequantizeRowQ4_0, quant::quantizeRowQ4_0Ref, quant::quantizeRowQ4_0WeightedRef},
    {DType::Q4_1, "Q4_1", 32, 20, true, true, true, quant::dequantizeRowQ4_1, quant::quantizeRowQ4_1Ref, quant::quantizeRowQ4_1WeightedRef},
    {DType::Q5_0, "Q5_0", 32, 22, true, true, true, quant::dequantizeRowQ5_0, quant::quantizeRowQ5_0Ref, quant::quantizeRowQ5_0WeightedRef},
    {DType::Q5_1, "Q5_1", 32, 24, true, true, true, quant::dequantizeRowQ5_1, quant::quantizeRowQ5_1Ref, quant::quantizeRowQ5_1WeightedRef},
    {DType::Q8_0, "Q8_0", 32, 34, true, true, true, quant::dequantizeRowQ8_0, quant::quantizeRowQ8_0Ref, nullptr},
    {DType::Q8_1, "Q8_1", 32, 36, true, true, true, quant::dequantizeRowQ8_1, quant::quantizeRowQ8_1Ref, nullptr},
    {DType::Q2_K, "Q2_K", 256, 84, true, true, true, quant::dequantizeRowQ2K, quant::quantizeRowQ2KRef, quant::quantizeRowQ2KWeightedRef},
    {DType::Q3_K, "Q3_K", 256, 110, true, true, true, quant::dequantizeRowQ3K, quant::quantizeRowQ3KRef, quant::quantizeRowQ3KWeightedRef},
    {DType::Q4_K, "Q4_K", 256, 144, true, true, true, quant::dequantizeRowQ4K, quant::quantizeRowQ4KRef, quant::quantizeRowQ4KWeightedRef},
    {DType::Q5_K, "Q5_K", 256, 176, true, true, true, quant::dequantizeRowQ5K, quant::quantizeRowQ5KRef, quant::quantizeRowQ5KWeightedRef},
    {DType::Q6_K, "Q6_K", 256, 210, true, true, true, quant::dequantizeRowQ6K, quant::quantizeRowQ6KRef, quant::quantizeRowQ6KWeightedRef},
    {DType::Q8_K, "Q8_K", 256, 292, true, true, true, quant::dequantizeRowQ8K, quant::quantizeRowQ8KRef, nullptr},
    {DType::I8,   "I8",   1, 1, false, false, true, nullptr, nullptr, nullptr},
    {DType::I16,  "I16",  1, 2, false, false, true, nullptr, nullptr, nullptr},
    {DType::I32,  "I32",  1, 4, false, false, true, nullptr, nullptr, nullptr},
    {DType::I64,  "I64",  1, 8, false, false, true, nullptr, nullptr, nullptr},
    {DType::U8,   "U8",   1, 1, false, false, false, nullptr, nullptr, nullptr},
    {DType::BOOL, "BOOL", 1, 1, false, false, false, nullptr, nullptr, nullptr},
    {DType::U16,  "U16",  1, 2, false, false, false, nullptr, nullptr, nullptr},
    {DType::U32,  "U32",  1, 4, false, false, false, nullptr, nullptr, nullptr},
    {DType::U64,  "U64",  1, 8, false, false, false, nullptr, nullptr, nullptr},
}};
// clang-format on


} // namespace

const TypeTraits* findType(DType t) {
    for (auto& e : table)
        if (e.type == t) return &e;
    return nullptr;
}

const TypeTraits* findTypeByName(std::string_view name) {
    for (auto& e : table)
        if (e.name == name) return &e;
    return nullptr;
}

std::optional<DType> dtypeFromGgmlId(uint32_t id) {
    for (auto& e : table)
        if (e.inGguf && uint32_t(e.type) == id) return e.type;
    return std::nullopt;
}

const TypeTraits& traits(DType t) {
    if (auto* e = findType(t)) return *e;
    throw std::logic_error("unknown DType " + std::to_string(uint32_t(t)));
}

std::string_view typeName(DType t) {
    auto* e = findType(t);
    return e ? e->name : std::string_view("?");
}

} // namespace qs
