#include "core/quant/layer_lab.h"

#include "core/formats/safetensors.h"
#include "core/quant/hessian.h"
#include "core/util/error.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

namespace qs {
namespace {

std::vector<float> readMatrix(const SafetensorsFile& f, const std::string& name, int64_t& rows, int64_t& cols) {
    const SafetensorsTensor* t = f.find(name);
    if (!t) throw Error(f.path(), "no tensor '" + name + "' (a layer file holds 'weight' [out, in] and 'calib' [n, in])");
    if (t->dtype != DType::F32 || t->shape.size() != 2)
        throw Error(f.path(), "tensor '" + name + "' must be a 2-D F32 matrix");
    rows = t->shape[0];
    cols = t->shape[1];
    std::vector<float> v(size_t(rows * cols));
    std::memcpy(v.data(), f.data(*t), v.size() * sizeof(float));
    return v;
}

} // namespace

LayerFile loadLayerFile(const std::string& path) {
    auto f = SafetensorsFile::open(path);
    LayerFile l;
    int64_t calibCols = 0;
    l.weight = readMatrix(*f, "weight", l.rows, l.cols);
    l.calib = readMatrix(*f, "calib", l.calibRows, calibCols);
    if (calibCols != l.cols)
        throw Error(path, "calib has " + std::to_string(calibCols) + " columns but the weight has " + std::to_string(l.cols) + " inputs");
    for (float v : l.weight)
        if (!std::isfinite(v)) throw Error(path, "weight holds NaN or Inf");
    for (float v : l.calib)
        if (!std::isfinite(v)) throw Error(path, "calib holds NaN or Inf");
    return l;
}

double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

LayerLabResult runLayerLab(const LayerFile& layer, const QuantSpec& spec, const MethodOptions& opt, ThreadPool* pool,
                           const CancelToken* cancel) {
    spec.validateShape(layer.rows, layer.cols, "weight");
    LayerLabResult out;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = processCpuSeconds();
    LayerCalibration calib;
    const bool calibrated = spec.method == QuantMethod::GPTQ || spec.method == QuantMethod::AWQ;
    if (calibrated) {
        calib.tokens = layer.calibRows;
        calib.hessian = hessianFromRows(layer.calib.data(), layer.calibRows, layer.cols, pool);
    }
    if (spec.method == QuantMethod::AWQ) {
        calib.meanAbs.assign(size_t(layer.cols), 0.0);
        for (int64_t r = 0; r < layer.calibRows; ++r)
            for (int64_t c = 0; c < layer.cols; ++c) calib.meanAbs[size_t(c)] += std::fabs(double(layer.calib[size_t(r * layer.cols + c)]));
        for (double& m : calib.meanAbs) m /= double(std::max<int64_t>(1, layer.calibRows));
    }
    out.result = quantizeLayer(layer.weight.data(), layer.rows, layer.cols, spec, calibrated ? &calib : nullptr, opt, pool, cancel);
    out.secondsCpu = processCpuSeconds() - c0;
    out.secondsWall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.metrics = errorMetrics(layer.weight.data(), out.result.weight.data(), layer.rows, layer.cols, layer.calib.data(),
                               layer.calibRows, pool);
    return out;
}

} // namespace qs
