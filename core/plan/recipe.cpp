#include "core/plan/recipe.h"

#include "core/formats/json_strict.h"
#include "core/plan/presets.h"
#include "core/util/error.h"

#include <filesystem>
#include <fnmatch.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace qs {
namespace {

using nlohmann::json;

// Every check throws a bare message; parseRecipe adds the file and the place ("rule 3: ...").
[[noreturn]] void fail(const std::string& msg) { throw Error("", msg); }

void onlyKeys(const json& j, const std::set<std::string>& known, const std::string& what) {
    if (!j.is_object()) fail(what + " must be an object");
    for (auto& [key, value] : j.items())
        if (!known.count(key)) {
            std::string list;
            for (auto& k : known) list += (list.empty() ? "" : ", ") + k;
            fail(what + ": unknown key '" + key + "' (expected " + list + ")");
        }
}

template <class T>
T field(const json& j, const std::string& key, T fallback, const std::string& what) {
    if (!j.contains(key)) return fallback;
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        fail(what + ": '" + key + "' has the wrong type");
    }
}

int64_t positive(const json& j, const std::string& key, int64_t fallback, const std::string& what, int64_t min) {
    const auto v = field<int64_t>(j, key, fallback, what);
    if (v < min) fail(what + ": '" + key + "' must be at least " + std::to_string(min));
    return v;
}

std::string path(const json& j, const std::string& key, const std::string& what, const std::string& baseDir) {
    std::string p = field<std::string>(j, key, "", what);
    if (p.empty() || baseDir.empty() || std::filesystem::path(p).is_absolute()) return p;
    return (std::filesystem::path(baseDir) / p).lexically_normal().string();
}

QuantSpec specFrom(const json& j, const std::string& what) {
    try {
        return j.get<QuantSpec>();
    } catch (const Error& e) {
        fail(what + ": " + e.what());
    }
}

// The action of a rule or of the defaults: exactly one of "quant" (a spec) or "keep" (a float type).
QuantSpec action(const json& j, const std::string& what) {
    const bool hasQuant = j.contains("quant"), hasKeep = j.contains("keep");
    if (hasQuant == hasKeep) fail(what + ": give exactly one of 'quant' or 'keep'");
    if (hasQuant) return specFrom(j.at("quant"), what);
    const auto t = field<std::string>(j, "keep", "", what);
    if (t != "f32" && t != "f16" && t != "bf16") fail(what + ": 'keep' must be f32, f16 or bf16, not '" + t + "'");
    return QuantSpec::parse(t);
}

std::optional<int> blockBound(const json& v, const std::string& what) {
    if (!v.is_number_integer()) fail(what + ": 'blocks' takes an integer or [first, last]");
    return v.get<int>();
}

TensorMatch parseMatch(const json& j, const std::string& what) {
    onlyKeys(j, {"glob", "regex", "role", "blocks"}, what + " match");
    TensorMatch m;
    m.glob = field<std::string>(j, "glob", "", what);
    m.regex = field<std::string>(j, "regex", "", what);
    if (!m.regex.empty()) {
        try {
            std::regex check(m.regex);
        } catch (const std::regex_error& e) {
            fail(what + ": invalid regex '" + m.regex + "' (" + e.what() + ")");
        }
    }
    if (j.contains("role")) {
        const json& r = j.at("role");
        std::vector<std::string> names;
        if (r.is_string()) names.push_back(r.get<std::string>());
        else if (r.is_array() && !r.empty() && std::all_of(r.begin(), r.end(), [](auto& e) { return e.is_string(); }))
            names = r.get<std::vector<std::string>>();
        else fail(what + ": 'role' takes a role name or a list of them");
        for (auto& n : names) {
            auto role = roleFromName(n);
            if (!role) fail(what + ": unknown role '" + n + "' (embedding, attn_q, attn_k, attn_v, attn_o, mlp_gate, mlp_up, mlp_down, output, ...)");
            m.roles.push_back(*role);
        }
    }
    if (j.contains("blocks")) {
        const json& b = j.at("blocks");
        if (b.is_array()) {
            if (b.size() != 2) fail(what + ": 'blocks' takes an integer or [first, last]");
            m.blockFirst = blockBound(b[0], what);
            m.blockLast = blockBound(b[1], what);
        } else {
            m.blockFirst = m.blockLast = blockBound(b, what);
        }
    }
    if (m.glob.empty() && m.regex.empty() && m.roles.empty() && !m.blockFirst)
        fail(what + ": 'match' needs at least one of glob, regex, role, blocks");
    return m;
}

CalibrationSettings parseCalibration(const json& j, const std::string& baseDir) {
    const std::string what = "calibration";
    onlyKeys(j, {"text", "samples", "seq_len", "seed", "sequential"}, what);
    CalibrationSettings c;
    c.text = path(j, "text", what, baseDir);
    c.samples = positive(j, "samples", c.samples, what, 1);
    c.seqLen = positive(j, "seq_len", c.seqLen, what, 2);
    c.seed = uint64_t(positive(j, "seed", 0, what, 0));
    c.sequential = field<bool>(j, "sequential", c.sequential, what);
    return c;
}

EvaluationSettings parseEvaluation(const json& j, const std::string& baseDir) {
    const std::string what = "evaluation";
    onlyKeys(j, {"text", "ctx", "chunks", "kld"}, what);
    EvaluationSettings e;
    e.text = path(j, "text", what, baseDir);
    e.ctx = positive(j, "ctx", e.ctx, what, 4);
    e.chunks = positive(j, "chunks", e.chunks, what, 0);
    e.kld = field<bool>(j, "kld", e.kld, what);
    return e;
}

MethodOptions parseMethods(const json& j) {
    onlyKeys(j, {"gptq"}, "methods");
    MethodOptions m;
    if (j.contains("gptq")) {
        const json& g = j.at("gptq");
        const std::string what = "methods.gptq";
        onlyKeys(g, {"act_order", "damp_percent", "static_groups"}, what);
        m.gptq.actOrder = field<bool>(g, "act_order", m.gptq.actOrder, what);
        m.gptq.staticGroups = field<bool>(g, "static_groups", m.gptq.staticGroups, what);
        m.gptq.dampPercent = field<double>(g, "damp_percent", m.gptq.dampPercent, what);
        if (!(m.gptq.dampPercent > 0 && m.gptq.dampPercent < 1)) fail(what + ": 'damp_percent' must be in (0, 1)");
    }
    return m;
}

int resolveBlock(int b, int64_t numLayers) { return b < 0 ? int(numLayers) + b : b; }

} // namespace

bool TensorMatch::matches(const TensorInfo& t, int64_t numLayers) const {
    if (!glob.empty() && ::fnmatch(glob.c_str(), t.name.c_str(), 0) != 0) return false;
    if (!regex.empty() && !std::regex_search(t.name, std::regex(regex))) return false;
    if (!roles.empty() && std::find(roles.begin(), roles.end(), t.role) == roles.end()) return false;
    if (blockFirst) {
        if (t.block < 0) return false;
        if (t.block < resolveBlock(*blockFirst, numLayers) || t.block > resolveBlock(*blockLast, numLayers)) return false;
    }
    return true;
}

std::string TensorMatch::describe() const {
    std::string s;
    auto add = [&](const std::string& part) { s += (s.empty() ? "" : ", ") + part; };
    if (!glob.empty()) add("glob " + glob);
    if (!regex.empty()) add("regex " + regex);
    if (!roles.empty()) {
        std::string r;
        for (auto role : roles) r += (r.empty() ? "" : "|") + std::string(roleName(role));
        add("role " + r);
    }
    if (blockFirst)
        add(*blockFirst == *blockLast ? "block " + std::to_string(*blockFirst)
                                      : "blocks " + std::to_string(*blockFirst) + ".." + std::to_string(*blockLast));
    return s;
}

Recipe parseRecipe(const json& j, const std::string& subject, const std::string& baseDir) {
    Recipe r;
    r.source = subject;
    try {
        onlyKeys(j, {"quantscope_recipe", "name", "description", "defaults", "rules", "calibration", "evaluation", "methods", "imatrix"},
                 "recipe");
        if (!j.contains("quantscope_recipe")) fail("missing 'quantscope_recipe' (the schema version, " + std::to_string(kRecipeVersion) + ")");
        const auto version = field<int64_t>(j, "quantscope_recipe", 0, "recipe");
        if (version != kRecipeVersion)
            fail("schema version " + std::to_string(version) + " is not supported (this build reads " + std::to_string(kRecipeVersion) + ")");
        r.name = field<std::string>(j, "name", std::filesystem::path(subject).stem().string(), "recipe");
        r.description = field<std::string>(j, "description", "", "recipe");
        if (!j.contains("defaults")) fail("missing 'defaults'");
        const json& d = j.at("defaults");
        onlyKeys(d, {"quant", "keep", "mixture"}, "defaults");
        if (d.contains("mixture")) {
            if (d.size() != 1) fail("defaults: 'mixture' excludes 'quant' and 'keep'");
            const auto name = field<std::string>(d, "mixture", "", "defaults");
            r.mixture = parseLlamaFtype(name);
            if (!r.mixture) fail("defaults: unknown llama.cpp mixture '" + name + "' (Q2_K, Q3_K_M, Q4_K_M, Q5_K_M, Q6_K, Q8_0, ...)");
        } else {
            r.defaults = action(d, "defaults");
        }
        if (j.contains("rules")) {
            if (!j.at("rules").is_array()) fail("'rules' must be an array");
            int n = 0;
            for (auto& rule : j.at("rules")) {
                const std::string what = "rule " + std::to_string(++n);
                onlyKeys(rule, {"match", "quant", "keep", "comment"}, what);
                if (!rule.contains("match")) fail(what + ": missing 'match'");
                r.rules.push_back({parseMatch(rule.at("match"), what), action(rule, what)});
            }
        }
        if (j.contains("calibration")) r.calibration = parseCalibration(j.at("calibration"), baseDir);
        if (j.contains("evaluation")) r.evaluation = parseEvaluation(j.at("evaluation"), baseDir);
        if (j.contains("methods")) r.methods = parseMethods(j.at("methods"));
        r.imatrix = path(j, "imatrix", "recipe", baseDir);
    } catch (const Error& e) {
        throw Error(subject, e.message());
    }
    return r;
}

Recipe loadRecipe(const std::string& pathOrPreset) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::string file = pathOrPreset;
    if (!fs::is_regular_file(file, ec)) {
        if (pathOrPreset.find('/') != std::string::npos || pathOrPreset.ends_with(".json"))
            throw Error(pathOrPreset, "no such recipe file");
        file = presetPath(pathOrPreset); // throws with the list of presets
    }
    const json j = readJsonFile(file, 4u << 20);
    return parseRecipe(j, file, fs::path(file).parent_path().string());
}

json toJson(const Recipe& r) {
    json j = {{"quantscope_recipe", kRecipeVersion}, {"name", r.name}};
    if (!r.description.empty()) j["description"] = r.description;
    j["defaults"] = r.mixture ? json{{"mixture", llamaFtypeName(*r.mixture)}} : json{{"quant", r.defaults.toString()}};
    json rules = json::array();
    for (auto& rule : r.rules) {
        json m;
        if (!rule.match.glob.empty()) m["glob"] = rule.match.glob;
        if (!rule.match.regex.empty()) m["regex"] = rule.match.regex;
        if (!rule.match.roles.empty()) {
            json roles = json::array();
            for (auto role : rule.match.roles) roles.push_back(roleName(role));
            m["role"] = roles;
        }
        if (rule.match.blockFirst) m["blocks"] = {*rule.match.blockFirst, *rule.match.blockLast};
        rules.push_back({{"match", m}, {"quant", rule.spec.toString()}});
    }
    j["rules"] = rules;
    if (auto& c = r.calibration)
        j["calibration"] = {{"text", c->text}, {"samples", c->samples}, {"seq_len", c->seqLen}, {"seed", c->seed},
                            {"sequential", c->sequential}};
    if (auto& e = r.evaluation)
        j["evaluation"] = {{"text", e->text}, {"ctx", e->ctx}, {"chunks", e->chunks}, {"kld", e->kld}};
    const auto& g = r.methods.gptq;
    j["methods"] = {{"gptq", {{"act_order", g.actOrder}, {"damp_percent", g.dampPercent}, {"static_groups", g.staticGroups}}}};
    if (!r.imatrix.empty()) j["imatrix"] = r.imatrix;
    return j;
}

} // namespace qs
