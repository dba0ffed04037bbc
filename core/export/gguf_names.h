#pragma once
// llama.cpp tensor names and the tensor order llama-quantize writes (formats.md §5.1, §6.1).
#include "core/model/model.h"

#include <string>
#include <vector>

namespace qs {

// "blk.3.attn_q.weight", "token_embd.weight", ...; throws qs::Error for tensors llama.cpp has no name for.
std::string ggufTensorName(const TensorInfo& t);

// Indices into model.tensors() in llama-quantize's order: by block (non-block first), then name bytes.
std::vector<size_t> llamaQuantizeOrder(const Model& model);

// llama-quantize's "quantize this tensor?" filter (§6.1 step 5): 2-D weights that are not norms.
bool isQuantizableWeight(const TensorInfo& t);

// general.file_type (llama_ftype) for a target type name; K names map to their _M mixture as
// llama-quantize does (Q4_K -> 15). Throws for names with no ftype.
uint32_t llamaFileType(const std::string& typeName);

} // namespace qs
