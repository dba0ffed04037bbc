#include "core/quant/quantize_layer.h"

#include "core/quant/kernels/dispatch.h"
#include "core/quant/row_chunks.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"

namespace qs {

QuantResult quantizeRtnResult(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, ThreadPool* pool,
                              const CancelToken* cancel, const float* importance) {
    spec.validateShape(rows, cols);
    QuantResult res;
    res.spec = spec;
    res.rows = rows;
    res.cols = cols;
    QuantSpec s = spec;
    s.method = QuantMethod::RTN;
    if (s.grid == QuantGrid::Integer || s.grid == QuantGrid::NF4) {
        res.matrix = quantizeRtn(w, rows, cols, s, pool, cancel);
        res.weight = dequantize(*res.matrix, pool);
        return res;
    }
    if (s.grid == QuantGrid::Gguf) {
        const TypeTraits& tr = traits(s.type);
        const KernelPair k = kernels(s.type);
        if (!k.fromFloat) throw Error("spec '" + spec.toString() + "'", "no quantizer for " + std::string(tr.name));
        const int64_t rb = rowBytes(tr, cols);
        res.blocks.resize(size_t(rows * rb));
        res.weight.resize(size_t(rows * cols));
        forEachRowChunk(rows, cols, pool, cancel, [&](int64_t r0, int64_t n) {
            for (int64_t r = r0; r < r0 + n; ++r) {
                if (importance && k.fromFloatWeighted) k.fromFloatWeighted(w + r * cols, res.blocks.data() + r * rb, cols, importance);
                else k.fromFloat(w + r * cols, res.blocks.data() + r * rb, cols);
                k.toFloat(res.blocks.data() + r * rb, res.weight.data() + r * cols, cols);
            }
        });
        return res;
    }
    res.weight = fakeQuantize(w, rows, cols, s, pool, cancel); // float targets
    return res;
}

QuantResult quantizeLayer(const float* w, int64_t rows, int64_t cols, const QuantSpec& spec, const LayerCalibration* calib,
                          const MethodOptions& opt, ThreadPool* pool, const CancelToken* cancel) {
    spec.validateShape(rows, cols);
    auto needCalib = [&](const char* method) -> const LayerCalibration& {
        if (!calib || int64_t(calib->hessian.size()) != cols * cols)
            throw Error("spec '" + spec.toString() + "'", std::string(method) + " needs calibration inputs (a Hessian of " +
                                                              std::to_string(cols) + " channels)");
        return *calib;
    };
    switch (spec.method) {
    case QuantMethod::GPTQ: return quantizeGptq(w, rows, cols, needCalib("GPTQ").hessian.data(), spec, opt.gptq, pool, cancel);
    case QuantMethod::AWQ: {
        const LayerCalibration& c = needCalib("AWQ");
        return quantizeAwq(w, rows, cols, c.meanAbs, c.hessian, spec, opt.awq, pool, cancel);
    }
    case QuantMethod::HQQ: return quantizeHqq(w, rows, cols, spec, opt.hqq, pool, cancel);
    case QuantMethod::RTN:
    case QuantMethod::Keep: return quantizeRtnResult(w, rows, cols, spec, pool, cancel);
    }
    throw Error("spec '" + spec.toString() + "'", "unknown method");
}

} // namespace qs
