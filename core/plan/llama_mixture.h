#pragma once
// llama.cpp's named quantization mixtures (llama_tensor_get_type in src/llama-quant.cpp, formats.md §6.2):
// which GGUF type llama-quantize gives each tensor for an ftype such as Q4_K_M, with or without an imatrix.
#include "core/model/model.h"

#include <optional>
#include <string>
#include <vector>

namespace qs {

enum class LlamaFtype {
    F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q2_K_S, Q3_K_S, Q3_K_M, Q3_K_L,
    Q4_K_S, Q4_K_M, Q5_K_S, Q5_K_M, Q6_K,
};

// "Q4_K_M", "Q4_0", ... (the K base names Q3_K/Q4_K/Q5_K mean their _M mixture, as in llama-quantize).
std::optional<LlamaFtype> parseLlamaFtype(const std::string& name);
std::string llamaFtypeName(LlamaFtype f);
DType llamaFtypeBaseType(LlamaFtype f);
uint32_t llamaFtypeId(LlamaFtype f); // general.file_type value

// llama-quantize's "quantize this tensor?" filter (§6.1 step 5): 2-D weights that are not norms.
bool isQuantizableWeight(const TensorInfo& t);
// The matrices of the decoder blocks (q, k, v, o, gate, up, down): what GPTQ/AWQ quantize and checkpoints pack.
bool isDecoderLinear(const TensorInfo& t);

// The row-length fallback of formats.md §6.3 (Q4_K -> Q5_0, ...); returns `type` when it fits.
DType fallbackType(DType type, int64_t rowLength);

// The types llama-quantize --pure chooses: quantizable weights to `type`, the rest kept (F32 for 1-D
// tensors of HF sources). Indexed like model.tensors().
std::vector<DType> pureTypePlan(const Model& model, DType type);

// The per-tensor types llama-quantize (without --pure) writes, indexed like model.tensors().
// Tensors that are not quantized keep their type (F32 for 1-D tensors of HF sources). With an imatrix,
// Q4_0 / Q5_0 give ffn_down of the first n/8 layers Q4_1 / Q5_1 (formats.md §11.3).
std::vector<DType> llamaMixtureTypes(const Model& model, LlamaFtype ftype, bool hasImatrix = false);

} // namespace qs
