#pragma once
// The recipes shipped under resources/recipes/ (llama.cpp mixtures, w4a16-g128-gptq, ...), found by name.
// The folder is QS_RECIPE_DIR from the environment when set, else the one this build was configured with.
#include <string>
#include <vector>

namespace qs {

std::string presetDir();
std::vector<std::string> presetNames(); // sorted file stems
// The preset's file; throws qs::Error listing the presets when there is none of that name.
std::string presetPath(const std::string& name);

} // namespace qs
