#pragma once
// Hugging Face config.json for the Llama family (formats.md §2.1), both key layouts.
#include "core/model/hyperparams.h"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace qs {

// Throws qs::Error(path, ...) for a config that is not a supported Llama-family model.
HyperParams parseHfConfig(const nlohmann::json& config, const std::string& path);
HyperParams readHfConfig(const std::string& path);

} // namespace qs
