#pragma once
// The one table of tensor storage types: ggml's type ids plus the safetensors-only integer dtypes.
// Adding a type means adding one entry in types.cpp; nothing else should switch on type names.
#include <cstdint>
#include <optional>
#include <string_view>

namespace qs {

enum class DType : uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28, BF16 = 30,
    // Not ggml types: safetensors dtypes with no GGUF id.
    U8 = 1000, BOOL = 1001, U16 = 1002, U32 = 1003, U64 = 1004,
};

using DequantizeRowFn = void (*)(const void* src, float* dst, int64_t n);
using QuantizeRowFn = void (*)(const float* src, void* dst, int64_t n);
// One row of n elements with one importance per element (an imatrix entry / ncall); see reference.h.
using QuantizeRowWeightedFn = void (*)(const float* src, void* dst, int64_t n, const float* weights);

struct TypeTraits {
    DType type;
    std::string_view name;       // ggml spelling ("Q4_K", "F16") or safetensors spelling ("U8")
    int64_t blockSize;           // elements per block (1 for plain types)
    int64_t bytesPerBlock;
    bool isFloat;                // holds real numbers that can be read as float rows
    bool isQuantized;            // a block-quantized ggml type
    bool inGguf;                 // has a ggml type id
    DequantizeRowFn toFloat;     // n must be a multiple of blockSize; nullptr for integer dtypes
    QuantizeRowFn fromFloatRef;  // scalar reference quantizer, bit-exact with llama.cpp; may be nullptr
    QuantizeRowWeightedFn fromFloatWeightedRef; // the same with importance weights; nullptr where llama.cpp
                                                // ignores an imatrix (Q8_0, float types)
};

// nullptr when the type is unknown to Quantscope.
const TypeTraits* findType(DType t);
const TypeTraits* findTypeByName(std::string_view name); // case-sensitive ggml spelling
std::optional<DType> dtypeFromGgmlId(uint32_t id);       // nullopt for ids Quantscope cannot read
const TypeTraits& traits(DType t);                       // throws std::logic_error for unknown

std::string_view typeName(DType t);
inline double bitsPerWeight(const TypeTraits& t) { return 8.0 * double(t.bytesPerBlock) / double(t.blockSize); }

// Bytes needed for n elements; n must be a multiple of the block size.
inline int64_t rowBytes(const TypeTraits& t, int64_t n) { return n / t.blockSize * t.bytesPerBlock; }

} // namespace qs
