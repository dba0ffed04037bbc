#pragma once
// Shared by the runtime tests: reference.json, the tokenized eval text and where each reference model lives.
#include "core/model/model.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "tests/support/support.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace qs::test {

inline const nlohmann::json& reference() {
    static const nlohmann::json j = [] {
        std::ifstream f(sharedPath("reference/reference.json"));
        return nlohmann::json::parse(f);
    }();
    return j;
}

// The eval text tokenized with the HF tokenizer (the tokenizer tests check it against the reference).
inline const std::vector<int32_t>& evalIds() {
    static const std::vector<int32_t> ids =
        Tokenizer::fromFile(sharedPath("models/austen-5m/tokenizer.model")).encode(readEvalText(sharedPath("data/eval-persuasion.txt")));
    return ids;
}

// reference.json's model names → shared paths (relative).
inline std::string referenceModelPath(const std::string& name) {
    if (name == "austen-5m" || name == "austen-29m") return "models/" + name;
    if (name == "austen-5m-f16") return "models/austen-5m-f16.gguf";
    if (name.find("imatrix") != std::string::npos) return "reference/imatrix/" + name + ".gguf";
    return "reference/gguf/" + name + ".gguf";
}

// False while the quant branch has not yet filled in a decoder this model needs.
inline bool canDecode(const Model& m) {
    for (const auto& t : m.tensors())
        if (traits(t.type).toFloat == nullptr) return false;
    return true;
}

} // namespace qs::test
