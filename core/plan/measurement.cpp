#include "core/plan/measurement.h"

#include "core/export/gguf_names.h"
#include "core/formats/json_strict.h"
#include "core/plan/llama_mixture.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <cmath>

namespace qs {
namespace {

using json = nlohmann::json;

json finiteOrNull(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <class T>
T field(const json& j, const char* key, const std::string& where) {
    if (!j.is_object() || !j.contains(key)) throw Error(where, std::string("missing '") + key + "'");
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        throw Error(where, std::string("'") + key + "' has the wrong type");
    }
}

} // namespace

TensorMeasurement* Measurement::find(const std::string& name) {
    for (auto& t : tensors)
        if (t.name == name) return &t;
    return nullptr;
}

const TensorMeasurement* Measurement::find(const std::string& name) const {
    return const_cast<Measurement*>(this)->find(name);
}

std::string modelIdentity(const Model& model) {
    Sha256 h;
    const auto& hp = model.hparams();
    const std::string head = std::to_string(hp.hiddenSize) + "/" + std::to_string(hp.numLayers) + "/" +
                             std::to_string(hp.numHeads) + "/" + std::to_string(hp.numKvHeads) + "/" + std::to_string(hp.headDim);
    h.update(head.data(), head.size());
    for (const TensorInfo& t : model.tensors()) {
        std::string key = t.name + "|" + std::string(typeName(t.type));
        for (int64_t d : t.shape) key += "|" + std::to_string(d);
        h.update(key.data(), key.size() + 1);
        if (t.data) h.update(t.data, size_t(t.bytes));
    }
    return h.finishHex();
}

Measurement newMeasurement(const Model& model, const std::string& identity, json settings) {
    Measurement m;
    m.modelPath = model.path();
    m.modelIdentity = identity;
    m.settings = std::move(settings);
    for (const TensorInfo& t : model.tensors()) {
        if (!isQuantizableWeight(t)) continue;
        m.tensors.push_back({t.name, ggufTensorName(t), t.role, t.block, t.rows(), t.cols(), {}});
    }
    return m;
}

json toJson(const Measurement& m) {
    json tensors = json::array();
    for (auto& t : m.tensors) {
        json results = json::object();
        for (auto& [type, r] : t.results) {
            json jr = {{"kld", finiteOrNull(r.kld)}, {"bytes", r.bytes}};
            jr["rel_output_error"] = r.relOutputError ? finiteOrNull(*r.relOutputError) : json(nullptr);
            results[std::string(typeName(type))] = jr;
        }
        tensors.push_back({{"name", t.name}, {"gguf_name", t.ggufName}, {"role", roleName(t.role)}, {"block", t.block},
                           {"rows", t.rows}, {"cols", t.cols}, {"results", results}});
    }
    return {{"quantscope_measurement", kMeasurementVersion},
            {"model", {{"path", m.modelPath}, {"identity", m.modelIdentity}}},
            {"settings", m.settings},
            {"imatrix_path", m.imatrixPath},
            {"evaluations", m.evaluations},
            {"tensors", tensors}};
}

Measurement loadMeasurement(const std::string& path) {
    const json j = readJsonFile(path);
    if (!j.is_object() || !j.contains("quantscope_measurement"))
        throw Error(path, "not a measurement file (no 'quantscope_measurement' key)");
    if (j["quantscope_measurement"] != kMeasurementVersion)
        throw Error(path, "measurement version " + j["quantscope_measurement"].dump() + " (this build reads " +
                              std::to_string(kMeasurementVersion) + ")");
    Measurement m;
    const json& model = j.value("model", json::object());
    m.modelPath = field<std::string>(model, "path", path + ": model");
    m.modelIdentity = field<std::string>(model, "identity", path + ": model");
    m.settings = j.value("settings", json::object());
    m.evaluations = j.value("evaluations", int64_t(0));
    m.imatrixPath = j.value("imatrix_path", std::string());
    for (const json& jt : field<json>(j, "tensors", path)) {
        TensorMeasurement t;
        t.name = field<std::string>(jt, "name", path);
        const std::string where = path + ": tensor " + t.name;
        t.ggufName = field<std::string>(jt, "gguf_name", where);
        const auto role = roleFromName(field<std::string>(jt, "role", where));
        if (!role) throw Error(where, "unknown role");
        t.role = *role;
        t.block = field<int>(jt, "block", where);
        t.rows = field<int64_t>(jt, "rows", where);
        t.cols = field<int64_t>(jt, "cols", where);
        const json results = field<json>(jt, "results", where);
        if (!results.is_object()) throw Error(where, "'results' must be an object");
        for (auto& [typeText, jr] : results.items()) {
            const TypeTraits* tr = findTypeByName(typeText);
            if (!tr || !tr->isQuantized) throw Error(where, "unknown candidate type '" + typeText + "'");
            CandidateMeasurement r;
            if (!jr.is_object() || !jr.contains("kld") || !jr["kld"].is_number() || jr["kld"].get<double>() < 0)
                throw Error(where, typeText + ": 'kld' must be a number ≥ 0");
            r.kld = jr["kld"].get<double>();
            r.bytes = field<uint64_t>(jr, "bytes", where + " " + typeText);
            if (jr.contains("rel_output_error") && jr["rel_output_error"].is_number())
                r.relOutputError = jr["rel_output_error"].get<double>();
            t.results[tr->type] = r;
        }
        m.tensors.push_back(std::move(t));
    }
    return m;
}

void saveMeasurement(const Measurement& m, const std::string& path) { writeFileAtomic(path, toJson(m).dump(1) + "\n"); }

void checkMeasurement(const Measurement& m, const std::string& file, const std::string& identity, const json& settings) {
    if (m.modelIdentity != identity)
        throw Error(file, "measured for another model (" + m.modelPath + ", identity " + m.modelIdentity.substr(0, 12) +
                              "…); this model's identity is " + identity.substr(0, 12) + "…");
    if (settings.is_null() || m.settings == settings) return;
    std::string diff;
    for (auto& [k, v] : settings.items())
        if (!m.settings.contains(k) || m.settings[k] != v)
            diff += (diff.empty() ? "" : ", ") + k + " " + (m.settings.contains(k) ? m.settings[k].dump() : "unset") + " vs " + v.dump();
    throw Error(file, "measured with other settings (" + (diff.empty() ? std::string("extra keys") : diff) +
                          "); use another --out or delete the file");
}

} // namespace qs
