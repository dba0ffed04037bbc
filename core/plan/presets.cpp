#include "core/plan/presets.h"

#include "core/util/error.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#ifndef QS_RECIPE_DIR
#define QS_RECIPE_DIR "resources/recipes"
#endif

namespace qs {

std::string presetDir() {
    if (const char* env = std::getenv("QS_RECIPE_DIR"); env && *env) return env;
    return QS_RECIPE_DIR;
}

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (auto& e : std::filesystem::directory_iterator(presetDir(), ec))
        if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string presetPath(const std::string& name) {
    const auto p = std::filesystem::path(presetDir()) / (name + ".json");
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
    std::string list;
    for (auto& n : presetNames()) list += (list.empty() ? "" : ", ") + n;
    throw Error(name, "no such recipe file or preset (presets: " + (list.empty() ? "none found in " + presetDir() : list) + ")");
}

} // namespace qs
