#include "core/formats/json_strict.h"

#include "core/util/error.h"

#include <fstream>
#include <iterator>
#include <set>
#include <vector>

namespace qs {

nlohmann::json parseJsonStrict(std::string_view text, const std::string& subject) {
    std::vector<std::set<std::string>> keyStack;
    std::string duplicate;
    auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) {
            keyStack.emplace_back();
        } else if (event == E::object_end) {
            if (!keyStack.empty()) keyStack.pop_back();
        } else if (event == E::key && !keyStack.empty()) {
            const auto& k = parsed.get_ref<const std::string&>();
            if (!keyStack.back().insert(k).second && duplicate.empty()) duplicate = k;
        }
        return true;
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.begin(), text.end(), callback);
    } catch (const nlohmann::json::exception& e) {
        std::string what = e.what();
        if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        throw Error(subject, "invalid JSON: " + what);
    }
    if (!duplicate.empty()) throw Error(subject, "duplicate key '" + duplicate + "' in JSON");
    return j;
}

nlohmann::json readJsonFile(const std::string& path, size_t maxBytes) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path, "cannot open");
    f.seekg(0, std::ios::end);
    auto size = f.tellg();
    if (size < 0) throw Error(path, "cannot read");
    if (size_t(size) > maxBytes) throw Error(path, "file too large for a JSON document (" + std::to_string(size_t(size)) + " bytes)");
    f.seekg(0);
    std::string text(size_t(size), '\0');
    f.read(text.data(), size);
    if (!f) throw Error(path, "cannot read");
    return parseJsonStrict(text, path);
}

} // namespace qs
