#include "core/runtime/rope.h"

#include "core/util/error.h"

#include <cmath>

namespace qs {

Rope::Rope(const HyperParams& hp, int64_t maxPositions) : headDim_(hp.headDim), maxPositions_(maxPositions) {
    float divisor = 1.0f;
    if (hp.ropeScalingType == "linear") divisor = float(hp.ropeScalingFactor);
    else if (!hp.ropeScalingType.empty() && hp.ropeScalingType != "default")
        throw Error("", "RoPE scaling '" + hp.ropeScalingType + "' is not supported by the evaluator");
    // As torch computes it: 1.0 / (theta ** (arange(0, d, 2).float() / d)), every step in fp32.
    const int64_t half = headDim_ / 2;
    const float theta = float(hp.ropeTheta);
    for (int64_t i = 0; i < half; ++i) {
        const float exponent = float(2 * i) / float(headDim_);
        invFreq_.push_back(1.0f / std::pow(theta, exponent) / divisor);
    }
    cos_.resize(size_t(maxPositions_ * headDim_));
    sin_.resize(cos_.size());
    for (int64_t p = 0; p < maxPositions_; ++p)
        for (int64_t i = 0; i < half; ++i) {
            const float angle = float(p) * invFreq_[size_t(i)];
            const float c = std::cos(angle), s = std::sin(angle);
            cos_[size_t(p * headDim_ + i)] = cos_[size_t(p * headDim_ + i + half)] = c;
            sin_[size_t(p * headDim_ + i)] = sin_[size_t(p * headDim_ + i + half)] = s;
        }
}

void Rope::apply(float* x, int64_t row0, int64_t rows, int64_t seqLen, int64_t heads, int64_t rowStride) const {
    if (seqLen > maxPositions_) throw Error("", "sequence longer than the RoPE table");
    const int64_t half = headDim_ / 2;
    for (int64_t r = row0; r < row0 + rows; ++r) {
        const int64_t pos = r % seqLen;
        const float* c = cos_.data() + pos * headDim_;
        const float* s = sin_.data() + pos * headDim_;
        for (int64_t h = 0; h < heads; ++h) {
            float* v = x + r * rowStride + h * headDim_;
            for (int64_t i = 0; i < half; ++i) {
                const float a = v[i], b = v[i + half];
                v[i] = a * c[i] + (-b) * s[i];
                v[i + half] = b * c[i + half] + a * s[i + half];
            }
        }
    }
}

} // namespace qs
