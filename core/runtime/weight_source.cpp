#include "core/runtime/weight_source.h"

#include "core/util/error.h"

namespace qs {

MatrixPtr WeightSource::require(const WeightKey& key) {
    if (auto m = get(key)) return m;
    throw Error("", "model has no " + std::string(roleName(key.role)) + (key.bias ? " bias" : "") +
                        (key.block >= 0 ? " in layer " + std::to_string(key.block) : ""));
}

ModelWeights::ModelWeights(const Model& model, uint64_t cacheBytes) : model_(model), cacheBytes_(cacheBytes) {}

MatrixPtr ModelWeights::get(const WeightKey& key) {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return it->second->second;
    }
    const TensorInfo* t = key.role == TensorRole::Output && !key.bias ? &model_.outputHead()
                                                                       : model_.find(key.role, key.block, key.bias);
    if (!t) return nullptr;
    auto m = std::make_shared<FloatMatrix>();
    m->rows = t->rows();
    m->cols = t->cols();
    m->data = model_.readAll(*t, RowOrder::Canonical);
    const uint64_t bytes = m->data.size() * sizeof(float);
    // Evict least recently used tensors; callers still holding them keep them alive.
    while (!lru_.empty() && cachedBytes_ + bytes > cacheBytes_) {
        cachedBytes_ -= lru_.back().second->data.size() * sizeof(float);
        index_.erase(lru_.back().first);
        lru_.pop_back();
    }
    if (bytes <= cacheBytes_) {
        lru_.emplace_front(key, m);
        index_[key] = lru_.begin();
        cachedBytes_ += bytes;
    }
    return m;
}

void OverlayWeights::replace(const WeightKey& key, MatrixPtr m) {
    std::lock_guard lock(mutex_);
    replaced_[key] = std::move(m);
}

void OverlayWeights::restore(const WeightKey& key) {
    std::lock_guard lock(mutex_);
    replaced_.erase(key);
}

MatrixPtr OverlayWeights::get(const WeightKey& key) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = replaced_.find(key); it != replaced_.end()) return it->second;
    }
    return base_.get(key);
}

} // namespace qs
