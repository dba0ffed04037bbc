#pragma once
// Where the forward pass gets its fp32 weights. The default decodes them from a Model (bounded cache);
// an overlay lets a quantization result replace individual matrices with its dequantized values,
// so any plan can be evaluated without writing a file.
#include "core/model/hyperparams.h"
#include "core/model/model.h"

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

namespace qs {

// Row-major [rows, cols] fp32 values in Hugging Face row order; vectors have rows == 1.
struct FloatMatrix {
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<float> data;
};
using MatrixPtr = std::shared_ptr<const FloatMatrix>;

struct WeightKey {
    TensorRole role;
    int block; // -1 outside the decoder layers
    bool bias;
    auto operator<=>(const WeightKey&) const = default;
};

class WeightSource {
public:
    virtual ~WeightSource() = default;
    virtual const HyperParams& hparams() const = 0;
    // The tensor, or nullptr when the model has none (biases, optional tensors). Output falls back
    // to the embedding for tied models. Must be safe to call from several threads.
    virtual MatrixPtr get(const WeightKey& key) = 0;
    MatrixPtr require(const WeightKey& key); // throws qs::Error when absent
};

// Decodes from the model on first use; keeps at most cacheBytes of decoded tensors (least recently used go first).
class ModelWeights : public WeightSource {
public:
    explicit ModelWeights(const Model& model, uint64_t cacheBytes = uint64_t(4) << 30);
    const HyperParams& hparams() const override { return model_.hparams(); }
    MatrixPtr get(const WeightKey& key) override;
    const Model& model() const { return model_; }

private:
    const Model& model_;
    uint64_t cacheBytes_;
    uint64_t cachedBytes_ = 0;
    std::mutex mutex_;
    std::list<std::pair<WeightKey, MatrixPtr>> lru_; // most recent first
    std::map<WeightKey, decltype(lru_)::iterator> index_;
};

// A base source with some tensors replaced (e.g. dequantized results of a quantization plan).
class OverlayWeights : public WeightSource {
public:
    explicit OverlayWeights(WeightSource& base) : base_(base) {}
    void replace(const WeightKey& key, MatrixPtr m);
    void restore(const WeightKey& key); // serve the base's tensor again
    const HyperParams& hparams() const override { return base_.hparams(); }
    MatrixPtr get(const WeightKey& key) override;

private:
    WeightSource& base_;
    std::mutex mutex_;
    std::map<WeightKey, MatrixPtr> replaced_;
};

} // namespace qs
