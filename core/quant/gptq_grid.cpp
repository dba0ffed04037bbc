#include "core/quant/gptq_grid.h"

#include "core/quant/gguf_codes.h"
#include "core/quant/grid.h"
#include "core/quant/kernels/dispatch.h"
#include "core/quant/range.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>

namespace qs {
namespace {

class IntegerGrid : public GptqGrid {
public:
    IntegerGrid(const QuantSpec& spec, int64_t rows, int64_t cols, std::vector<int32_t> columnGroup) {
        q_.spec = spec;
        q_.rows = rows;
        q_.cols = cols;
        q_.codes.resize(size_t(rows * cols));
        q_.scales.resize(size_t(spec.groupCount(rows, cols)));
        q_.zeros.resize(q_.scales.size());
        q_.columnGroup = std::move(columnGroup);
        qmax_ = maxCode(spec.bits);
    }
    int64_t groupCols() const override { return q_.spec.groupCols(q_.cols); }
    void fit(int64_t row, int64_t group, const float* values) override {
        std::vector<float> scratch;
        const ValueRange r = calibrateRange(values, groupCols(), q_.spec, scratch);
        const GroupGrid g = gridForRange(r.lo, r.hi, q_.spec);
        const size_t gi = size_t(row * (q_.cols / groupCols()) + group);
        q_.scales[gi] = g.scale;
        q_.zeros[gi] = g.zero;
    }
    float round(int64_t row, int64_t col, float w) override {
        const size_t gi = size_t(q_.group(row, col));
        const GroupGrid g{q_.scales[gi], q_.zeros[gi]};
        const uint8_t c = encodeCode(w, g, qmax_);
        q_.codes[size_t(row * q_.cols + col)] = c;
        return decodeCode(c, g);
    }
    void finish(QuantResult& res) override {
        res.weight = dequantize(q_);
        res.matrix = std::move(q_);
    }

private:
    QuantizedMatrix q_;
    int32_t qmax_ = 0;
};

class GgufGrid : public GptqGrid {
public:
    GgufGrid(DType type, int64_t rows, int64_t cols)
        : type_(type), tr_(traits(type)), kernels_(kernels(type)), codes_(*blockCodes(type)), rows_(rows), cols_(cols),
          rowBytes_(rowBytes(tr_, cols)), bytes_(size_t(rows * rowBytes_)), offset_(size_t(rows * cols)),
          step_(size_t(rows * cols)) {}
    int64_t groupCols() const override { return tr_.blockSize; }
    void fit(int64_t row, int64_t block, const float* values) override {
        uint8_t* b = blockPtr(row, block);
        kernels_.fromFloat(values, b, tr_.blockSize);
        std::vector<uint8_t> probe(b, b + tr_.bytesPerBlock);
        const size_t e0 = size_t(row * cols_ + block * tr_.blockSize);
        blockAffineGrid(type_, probe.data(), &offset_[e0], &step_[e0]);
    }
    float round(int64_t row, int64_t col, float w) override {
        const size_t e = size_t(row * cols_ + col);
        const float st = step_[e], off = offset_[e];
        const float q = st != 0.0f ? std::clamp(roundHalfEven((w - off) / st), 0.0f, float(codes_.maxCode)) : 0.0f;
        codes_.set(blockPtr(row, col / tr_.blockSize), int(col % tr_.blockSize), int32_t(q));
        return off + st * q;
    }
    void finish(QuantResult& res) override {
        res.weight.resize(size_t(rows_ * cols_));
        for (int64_t r = 0; r < rows_; ++r) kernels_.toFloat(bytes_.data() + r * rowBytes_, res.weight.data() + r * cols_, cols_);
        res.blocks = std::move(bytes_);
    }

private:
    uint8_t* blockPtr(int64_t row, int64_t block) { return bytes_.data() + row * rowBytes_ + block * tr_.bytesPerBlock; }

    DType type_;
    const TypeTraits& tr_;
    KernelPair kernels_;
    const BlockCodes& codes_;
    int64_t rows_, cols_, rowBytes_;
    std::vector<uint8_t> bytes_;
    std::vector<float> offset_, step_; // affine grid of every element, set when its block is fitted
};

} // namespace

std::unique_ptr<GptqGrid> makeGptqGrid(const QuantSpec& spec, int64_t rows, int64_t cols, std::vector<int32_t> columnGroup) {
    const std::string subject = "spec '" + spec.toString() + "'";
    if (spec.grid == QuantGrid::Integer) {
        if (spec.granularity == Granularity::Tensor)
            throw Error(subject, "GPTQ needs per-group or per-channel parameters, not one per tensor");
        return std::make_unique<IntegerGrid>(spec, rows, cols, std::move(columnGroup));
    }
    if (spec.grid == QuantGrid::Gguf) {
        const TypeTraits& tr = traits(spec.type);
        if (!blockCodes(spec.type) || !kernels(spec.type).fromFloat || !kernels(spec.type).toFloat)
            throw Error(subject, "GPTQ cannot target " + std::string(tr.name));
        return std::make_unique<GgufGrid>(spec.type, rows, cols);
    }
    throw Error(subject, "GPTQ needs an integer grid or a GGUF block type");
}

} // namespace qs
