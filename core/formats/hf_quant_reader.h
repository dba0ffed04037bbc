#pragma once
// Reading GPTQ and AWQ (GEMM) checkpoints: the quantization_config of config.json, and the assembly of
// each layer's qweight / qzeros / scales / g_idx tensors (possibly in different shards) into HfQuantLayers.
#include "core/formats/hf_quant_layer.h"
#include "core/quant/types.h"

#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace qs {

struct HfQuantConfig {
    HfQuantFormat format = HfQuantFormat::Gptq;
    int bits = 4;
    int64_t groupSize = 128; // −1: one group per row
    bool zeroOffset = true;  // GPTQ checkpoint_format "gptq" (the default when absent)
};

// nullopt for unquantized configs; throws qs::Error(path, ...) for quantization this reader cannot decode
// (other methods, AWQ versions other than GEMM, marlin/bitblas repacks, unsupported bit widths).
std::optional<HfQuantConfig> parseHfQuantConfig(const nlohmann::json& config, const std::string& path);
// A folder's quantization: config.json's quantization_config, else the standalone files older tools write
// alone (AutoGPTQ quantize_config.json, AutoAWQ quant_config.json).
std::optional<HfQuantConfig> readHfQuantConfig(const std::string& folder);

class HfQuantAssembler {
public:
    explicit HfQuantAssembler(HfQuantConfig c) : config_(c) {}
    // Takes the tensor when it is part of a quantized layer (name ends in .qweight, .qzeros, .scales, .g_idx).
    bool take(const std::string& name, DType dtype, const std::vector<int64_t>& shape, const uint8_t* data, const std::string& file);
    struct Layer {
        std::string weightName; // "<module>.weight", the name the layer stands for
        std::string file;       // the file holding its qweight
        std::shared_ptr<const HfQuantLayer> layer;
    };
    // Throws qs::Error naming the layer when a part is missing or the shapes disagree.
    std::vector<Layer> finish() const;

private:
    struct Part {
        DType dtype;
        std::vector<int64_t> shape;
        const uint8_t* data;
        std::string file;
    };
    HfQuantConfig config_;
    std::map<std::string, std::map<std::string, Part>> parts_; // module → suffix → part
};

} // namespace qs
