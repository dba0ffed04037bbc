#pragma once
// The exact fp32 forward pass of a Llama-family decoder (llama, mistral, qwen2) following the
// Hugging Face conventions of formats.md §2.3. One pass serves HF folders and GGUF files, since
// the weight source delivers HF row order. Bit-identical at any thread count.
#include "core/runtime/weight_source.h"
#include "core/util/cancel.h"
#include "core/util/thread_pool.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace qs {

// Sees the input of every distinct linear input inside the decoder: consumer is AttnQ (shared by
// q/k/v), AttnO, MlpGate (shared by gate/up), MlpDown or Output; x is [rows, cols]. Called from the
// thread that called run().
using LinearInputObserver = std::function<void(TensorRole consumer, int block, const float* x, int64_t rows, int64_t cols)>;

class Forward {
public:
    Forward(WeightSource& weights, ThreadPool& pool);

    const HyperParams& hparams() const { return weights_.hparams(); }
    int64_t vocabSize() const { return vocab_; }
    ThreadPool& pool() const { return pool_; }
    void setObserver(LinearInputObserver fn) { observer_ = std::move(fn); }

    // tokens holds nSeq sequences of seqLen ids; each is evaluated on its own from position 0.
    // Writes the logits of positions [from, seqLen) of every sequence to logits:
    // [nSeq, seqLen − from, vocab]. Throws qs::Error for ids outside the vocabulary.
    void run(const int32_t* tokens, int64_t nSeq, int64_t seqLen, int64_t from, float* logits,
             const CancelToken* cancel = nullptr);
    // One sequence, logits of every position: [tokens.size(), vocab].
    std::vector<float> logits(const std::vector<int32_t>& tokens, const CancelToken* cancel = nullptr);

    // The pieces of run(), for block-by-block work such as the quantization pipeline. x holds the hidden
    // states of nSeq sequences of seqLen tokens, [nSeq · seqLen, hidden].
    void embed(const int32_t* tokens, int64_t n, float* x);
    // The rest of run() from hidden states x (overwritten): blocks first … numLayers−1, then the final norm and
    // the output head for positions [from, seqLen). run() is embed + runFrom(0, …); first = numLayers runs the
    // head only. Lets a caller that changed one layer's weights start at that layer.
    void runFrom(int first, float* x, int64_t nSeq, int64_t seqLen, int64_t from, float* logits,
                 const CancelToken* cancel = nullptr);
    // Applies decoder block `layer` to x in place. With stopAfter set to a consumer role (AttnQ, AttnO,
    // MlpGate, MlpDown) it returns right after the observer saw that input, leaving x undefined.
    void runBlock(int layer, float* x, int64_t nSeq, int64_t seqLen, const CancelToken* cancel = nullptr,
                  TensorRole stopAfter = TensorRole::Other);

    // Multiply-adds ×2 of one run (matrix products and attention), for throughput figures.
    double flops(int64_t nSeq, int64_t seqLen, int64_t from) const;

private:
    MatrixPtr matrix(TensorRole role, int block, int64_t rows, int64_t cols); // fetched and shape-checked
    void project(TensorRole role, int block, const float* in, int64_t rows, int64_t outDim, int64_t inDim, float* out,
                 const CancelToken* cancel);

    WeightSource& weights_;
    ThreadPool& pool_;
    int64_t vocab_ = 0;
    int64_t embeddingRows_ = 0;
    LinearInputObserver observer_;
};

} // namespace qs
