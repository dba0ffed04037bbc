// Calibration files: safetensors with NAME.mean_abs (F64), NAME.absmax (F32), NAME.mean_sq (F64),
// NAME.hessian (F64, Σxxᵀ) per input, and the sampling settings plus per-input token counts as metadata.
#include "core/formats/safetensors.h"
#include "core/formats/safetensors_writer.h"
#include "core/runtime/calibration.h"
#include "core/util/error.h"

#include <cstring>
#include <nlohmann/json.hpp>

namespace qs {
namespace {

constexpr const char* kFormat = "quantscope-calibration";

template <typename T>
std::vector<T> readVector(const SafetensorsFile& f, const std::string& name, DType type, int64_t count) {
    const SafetensorsTensor* t = f.find(name);
    if (!t || t->dtype != type || int64_t(t->end - t->begin) != count * int64_t(sizeof(T)))
        throw Error(f.path(), "calibration tensor '" + name + "' missing or of the wrong type or size");
    std::vector<T> v(static_cast<size_t>(count));
    std::memcpy(v.data(), f.data(*t), size_t(count) * sizeof(T));
    return v;
}

} // namespace

void saveCalibration(const CalibrationData& data, const std::string& path) {
    SafetensorsWriter w;
    nlohmann::ordered_json tokens = nlohmann::ordered_json::object(); // keeps capture order
    for (const auto& s : data.inputs) {
        const int64_t c = s.channels;
        w.add(s.name + ".mean_abs", DType::F64, {c}, s.meanAbs.data(), s.meanAbs.size() * sizeof(double));
        w.addF32(s.name + ".absmax", {c}, s.absMax);
        w.add(s.name + ".mean_sq", DType::F64, {c}, s.meanSq.data(), s.meanSq.size() * sizeof(double));
        if (!s.hessian.empty()) w.add(s.name + ".hessian", DType::F64, {c, c}, s.hessian.data(), s.hessian.size() * sizeof(double));
        tokens[s.name] = s.tokens;
    }
    w.setMetadata({{"format", kFormat},
                   {"samples", std::to_string(data.samples)},
                   {"seq_len", std::to_string(data.seqLen)},
                   {"seed", std::to_string(data.seed)},
                   {"tokens", tokens.dump()}});
    w.write(path);
}

CalibrationData loadCalibration(const std::string& path) {
    auto f = SafetensorsFile::open(path);
    const auto& meta = f->metadata();
    auto get = [&](const char* key) {
        auto it = meta.find(key);
        if (it == meta.end()) throw Error(path, std::string("not a calibration file (metadata '") + key + "' missing)");
        return it->second;
    };
    if (get("format") != kFormat) throw Error(path, "not a calibration file");
    CalibrationData data;
    nlohmann::ordered_json tokens;
    try {
        data.samples = std::stoll(get("samples"));
        data.seqLen = std::stoll(get("seq_len"));
        data.seed = std::stoull(get("seed"));
        tokens = nlohmann::ordered_json::parse(get("tokens"));
    } catch (const std::exception&) {
        throw Error(path, "malformed calibration metadata");
    }
    if (!tokens.is_object()) throw Error(path, "malformed calibration metadata");
    for (auto& [name, count] : tokens.items()) {
        InputStats s;
        s.name = name;
        const SafetensorsTensor* t = f->find(name + ".mean_abs");
        if (!t || t->shape.size() != 1 || !count.is_number_integer()) throw Error(path, "calibration input '" + name + "' incomplete");
        s.channels = t->shape[0];
        s.tokens = count.get<int64_t>();
        s.meanAbs = readVector<double>(*f, name + ".mean_abs", DType::F64, s.channels);
        s.absMax = readVector<float>(*f, name + ".absmax", DType::F32, s.channels);
        s.meanSq = readVector<double>(*f, name + ".mean_sq", DType::F64, s.channels);
        if (f->find(name + ".hessian")) s.hessian = readVector<double>(*f, name + ".hessian", DType::F64, s.channels * s.channels);
        data.inputs.push_back(std::move(s));
    }
    return data;
}

} // namespace qs
