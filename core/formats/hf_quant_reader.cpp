#include "core/formats/hf_quant_reader.h"

#include "core/formats/hf_quant_packing.h"
#include "core/formats/json_strict.h"
#include "core/util/error.h"

#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace qs {
namespace {

template <class T>
std::vector<T> copyAs(const uint8_t* data, int64_t n) {
    std::vector<T> v(static_cast<size_t>(n));
    std::memcpy(v.data(), data, size_t(n) * sizeof(T));
    return v;
}

int64_t count(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

} // namespace

std::optional<HfQuantConfig> parseHfQuantConfig(const nlohmann::json& config, const std::string& path) {
    if (!config.is_object() || !config.contains("quantization_config")) return std::nullopt;
    const auto& q = config.at("quantization_config");
    if (!q.is_object()) throw Error(path, "quantization_config is not an object");
    const std::string method = q.value("quant_method", std::string());
    HfQuantConfig c;
    try {
        c.bits = q.value("bits", q.value("w_bit", 4));
        c.groupSize = q.value("group_size", q.value("q_group_size", int64_t(128)));
        if (method == "gptq") {
            const std::string fmt = q.value("checkpoint_format", std::string("gptq"));
            if (fmt != "gptq" && fmt != "gptq_v2") throw Error(path, "GPTQ checkpoint_format '" + fmt + "' is not supported (gptq, gptq_v2)");
            c.format = HfQuantFormat::Gptq;
            c.zeroOffset = fmt == "gptq";
            if (!gptqBitsSupported(c.bits)) throw Error(path, "GPTQ with " + std::to_string(c.bits) + " bits is not supported (2, 3, 4, 8)");
        } else if (method == "awq") {
            std::string version = q.value("version", std::string("gemm"));
            for (auto& ch : version) ch = char(std::tolower(static_cast<unsigned char>(ch)));
            if (version != "gemm") throw Error(path, "AWQ version '" + version + "' is not supported (only GEMM)");
            if (c.bits != 4) throw Error(path, "AWQ GEMM checkpoints are 4-bit");
            if (!q.value("zero_point", true)) throw Error(path, "AWQ without zero points is not supported");
            c.format = HfQuantFormat::Awq;
            c.zeroOffset = false;
            if (c.groupSize <= 0) throw Error(path, "AWQ needs a positive group_size");
        } else {
            throw Error(path, "quantization method '" + method + "' is not supported (gptq, awq)");
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("quantization_config: ") + e.what());
    }
    if (c.groupSize == 0 || c.groupSize < -1) throw Error(path, "bad group_size " + std::to_string(c.groupSize));
    return c;
}

std::optional<HfQuantConfig> readHfQuantConfig(const std::string& folder) {
    namespace fs = std::filesystem;
    const fs::path dir(folder);
    if (auto c = parseHfQuantConfig(readJsonFile((dir / "config.json").string()), (dir / "config.json").string())) return c;
    for (auto [file, method] : {std::pair{"quantize_config.json", "gptq"}, std::pair{"quant_config.json", "awq"}}) {
        std::error_code ec;
        if (!fs::is_regular_file(dir / file, ec)) continue;
        auto q = readJsonFile((dir / file).string());
        if (!q.is_object()) throw Error((dir / file).string(), "not a JSON object");
        if (!q.contains("quant_method")) q["quant_method"] = method; // older files omit it
        return parseHfQuantConfig(nlohmann::json{{"quantization_config", q}}, (dir / file).string());
    }
    return std::nullopt;
}

bool HfQuantAssembler::take(const std::string& name, DType dtype, const std::vector<int64_t>& shape, const uint8_t* data,
                            const std::string& file) {
    for (const char* suffix : {".qweight", ".qzeros", ".scales", ".g_idx"}) {
        if (!name.ends_with(suffix)) continue;
        parts_[name.substr(0, name.size() - std::strlen(suffix))][suffix + 1] = {dtype, shape, data, file};
        return true;
    }
    return false;
}

std::vector<HfQuantAssembler::Layer> HfQuantAssembler::finish() const {
    std::vector<Layer> layers;
    for (auto& [module, parts] : parts_) {
        const std::string where = parts.count("qweight") ? parts.at("qweight").file : parts.begin()->second.file;
        auto need = [&](const char* key, DType dtype, size_t dims) -> const Part& {
            auto it = parts.find(key);
            if (it == parts.end()) throw Error(where, "quantized layer '" + module + "' has no " + key);
            if (it->second.dtype != dtype || it->second.shape.size() != dims)
                throw Error(where, "'" + module + "." + key + "' should be " + std::string(typeName(dtype)) + " with " +
                                       std::to_string(dims) + " dimensions");
            return it->second;
        };
        const Part& qw = need("qweight", DType::I32, 2);
        const Part& qz = need("qzeros", DType::I32, 2);
        const Part& sc = need("scales", DType::F16, 2);
        auto L = std::make_shared<HfQuantLayer>();
        L->format = config_.format;
        L->bits = config_.bits;
        L->zeroOffset = config_.zeroOffset;
        if (config_.format == HfQuantFormat::Gptq) {
            L->in = qw.shape[0] * 32 / config_.bits;
            L->out = qw.shape[1];
        } else {
            L->in = qw.shape[0];
            L->out = qw.shape[1] * 8;
        }
        L->groupSize = config_.groupSize < 0 ? -1 : config_.groupSize;
        L->qweight = copyAs<int32_t>(qw.data, count(qw.shape));
        L->qzeros = copyAs<int32_t>(qz.data, count(qz.shape));
        L->scales = copyAs<uint16_t>(sc.data, count(sc.shape));
        if (config_.format == HfQuantFormat::Gptq) {
            if (parts.count("g_idx")) {
                const Part& gi = need("g_idx", DType::I32, 1);
                L->gIdx = copyAs<int32_t>(gi.data, count(gi.shape));
            } else { // older checkpoints: contiguous groups
                for (int64_t i = 0; i < L->in; ++i) L->gIdx.push_back(int32_t(L->groupSize < 0 ? 0 : i / L->groupSize));
            }
        }
        L->validate(where + ": '" + module + "'");
        layers.push_back({module + ".weight", qw.file, std::move(L)});
    }
    return layers;
}

} // namespace qs
