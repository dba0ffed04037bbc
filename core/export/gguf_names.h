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

} // namespace qs
