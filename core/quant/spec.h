#pragma once
// QuantSpec: how one tensor is to be quantized. A plain value with a compact text form for the CLI
// (`rtn:4:g128:asym`, `rtn:8:channel:sym`, `nf4`, `Q4_K`, `gptq:Q4_K`, `f16`) and JSON for recipes.
//
// Text grammar (tokens after METHOD:BITS may come in any order, each at most once):
//   f32 | f16 | bf16                       keep the tensor as float of that type
//   TYPE | METHOD:TYPE                     a GGUF block type as target grid (Q4_0 … Q6_K), METHOD rtn|gptq|awq
//   nf4                                    NF4, blocks of 64 along the row, fp32 absmax (formats.md §12)
//   METHOD:BITS[:GRAN][:sym|asym][:RANGE][:s16]
//       METHOD rtn|gptq|awq|hqq, BITS 2…8
//       GRAN   gN (group of N input columns, N divides the row; default g128) | channel | tensor
//       RANGE  minmax (default) | pN (percentile, 50 < N ≤ 100, e.g. p99.9) | mse (clipping search)
//       s16    scales rounded to fp16 in memory, as the exported GPTQ/AWQ checkpoint will hold them
// toString() prints the canonical form (every integer-grid field spelled out), and parse(toString(s)) == s.
#include "core/quant/types.h"

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace qs {

enum class QuantMethod { Keep, RTN, GPTQ, AWQ, HQQ };
enum class QuantGrid { Float, Integer, Gguf, NF4 };
enum class Granularity { Tensor, Channel, Group }; // Channel = one group per output row
enum class RangeMode { MinMax, Percentile, Mse };

struct QuantSpec {
    QuantMethod method = QuantMethod::Keep;
    QuantGrid grid = QuantGrid::Float;
    DType type = DType::F16; // Float: F32/F16/BF16; Gguf: the block type; unused otherwise
    // Integer grid only:
    int bits = 4;
    Granularity granularity = Granularity::Group;
    int64_t groupSize = 128; // Group granularity only
    bool symmetric = false;
    RangeMode range = RangeMode::MinMax;
    double percentile = 100.0; // RangeMode::Percentile only
    bool fp16Scales = false;

    static QuantSpec keep(DType floatType);
    static QuantSpec integer(QuantMethod m, int bits, Granularity g, int64_t groupSize, bool symmetric);
    static QuantSpec gguf(DType blockType, QuantMethod m = QuantMethod::RTN);
    static QuantSpec nf4();

    // Throws qs::Error naming the spec when a field is out of range or the combination is unsupported.
    void validate() const;
    // validate() plus the shape rules: groups / blocks must divide the row. Shape is [rows, cols].
    void validateShape(int64_t rows, int64_t cols, const std::string& tensorName = {}) const;

    // Columns sharing one scale within a row (cols for per-channel; all elements for per-tensor).
    int64_t groupCols(int64_t cols) const;
    int64_t groupCount(int64_t rows, int64_t cols) const; // scale/zero pairs (or NF4 blocks) in the tensor

    // Exact storage of the whole tensor in bits, and per weight. Assumed storage, as GPTQ/AWQ checkpoints
    // keep it: codes at `bits` bits packed, one fp16 scale and one packed `bits`-bit zero point per group
    // (symmetric included: the checkpoints store qzeros even then), HQQ an fp16 zero (it is real-valued).
    // GGUF types from the type table; NF4 4 + 32/64 = 4.5; float types 32/16.
    int64_t storageBits(int64_t rows, int64_t cols) const;
    double bitsPerWeight(int64_t rows, int64_t cols) const;

    std::string toString() const;
    static QuantSpec parse(std::string_view text); // throws qs::Error

    bool operator==(const QuantSpec&) const = default;
};

std::string_view methodName(QuantMethod m); // "keep", "rtn", "gptq", "awq", "hqq"

// JSON: an object with the fields that apply ({"method":"rtn","grid":"int","bits":4,...}).
// from_json also accepts the text form as a JSON string; unknown keys are errors.
void to_json(nlohmann::json& j, const QuantSpec& s);
void from_json(const nlohmann::json& j, QuantSpec& s);

} // namespace qs
