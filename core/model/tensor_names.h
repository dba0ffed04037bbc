#pragma once
// The one shape both loaders share: a per-layer tensor name "<prefix><block>.<module>.(weight|bias)"
// mapped to a role through the format's module table (GGUF: blk.N.attn_q; HF: model.layers.N.self_attn.q_proj).
#include "core/model/model.h"

#include <map>
#include <optional>
#include <regex>
#include <string>

namespace qs {

struct LayerTensorName {
    TensorRole role = TensorRole::Other; // Other: a module the table does not know
    int block = 0;
    bool bias = false;
};

// `layer` has three groups: block number, module, weight|bias. Block numbers of more than six digits map to
// a huge block index, which the model checks reject with a message.
inline std::optional<LayerTensorName> classifyLayerName(const std::string& name, const std::regex& layer,
                                                        const std::map<std::string, TensorRole>& modules) {
    std::smatch m;
    if (!std::regex_match(name, m, layer)) return std::nullopt;
    auto it = modules.find(m[2].str());
    return LayerTensorName{it == modules.end() ? TensorRole::Other : it->second,
                           m[1].length() > 6 ? 1 << 30 : std::stoi(m[1].str()), m[3] == "bias"};
}

} // namespace qs
