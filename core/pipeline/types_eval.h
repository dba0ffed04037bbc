#pragma once
// Evaluates a per-tensor GGUF type plan without writing a file: every tensor whose type is a block type is
// quantized in memory (llama.cpp's quantizers, weighted where importances are given, as llama-quantize
// --imatrix does), served through an overlay, and compared with the original model (KLD, perplexity).
#include "core/model/model.h"
#include "core/runtime/kld.h"

#include <vector>

namespace qs {

class ThreadPool;

// Bytes of every tensor in the given types (GGUF metadata not included).
uint64_t planBytes(const Model& model, const std::vector<DType>& types);

// types: indexed like model.tensors() (e.g. llamaMixtureTypes, Autoplan::types); importance: per tensor, may be null.
KldResult evaluateTypes(const Model& model, const std::vector<DType>& types, const std::vector<std::vector<float>>* importance,
                        const std::vector<int32_t>& ids, int32_t bosId, const EvalOptions& opt, ThreadPool& pool,
                        const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

} // namespace qs
