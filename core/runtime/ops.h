#pragma once
// Row-wise elementwise steps of a Llama decoder, in fp32 exactly as transformers' eager path does them.
#include "core/util/thread_pool.h"

#include <cstdint>

namespace qs {

// out[r] = weight ⊙ (x[r] · rsqrt(mean(x[r]²) + eps)) for m rows of width d (LlamaRMSNorm).
void rmsNorm(ThreadPool& pool, const float* x, int64_t m, int64_t d, const float* weight, double eps, float* out);

// gate[i] = silu(gate[i]) · up[i] for n values (the SwiGLU product).
void swiglu(ThreadPool& pool, float* gate, const float* up, int64_t n);

// x[i] += y[i] (residual connection).
void addInPlace(ThreadPool& pool, float* x, const float* y, int64_t n);

} // namespace qs
