#include "tests/support/tiny_model.h"

#include "core/formats/safetensors_writer.h"
#include "tests/support/support.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace qs::test {

void writeTinyModel(const std::string& dir, bool sharded, bool poison) {
    nlohmann::json cfg = {{"model_type", "llama"}, {"hidden_size", 8}, {"intermediate_size", 16},
                          {"num_hidden_layers", 1}, {"num_attention_heads", 2}, {"num_key_value_heads", 1},
                          {"vocab_size", 32}, {"rms_norm_eps", 1e-5}, {"torch_dtype", "float32"}};
    qs::test::writeFile(dir + "/config.json", cfg.dump());
    struct T { std::string name; std::vector<int64_t> shape; };
    std::vector<T> ts = {{"model.embed_tokens.weight", {32, 8}}, {"model.norm.weight", {8}}, {"lm_head.weight", {32, 8}},
                         {"model.layers.0.input_layernorm.weight", {8}}, {"model.layers.0.post_attention_layernorm.weight", {8}},
                         {"model.layers.0.self_attn.q_proj.weight", {8, 8}}, {"model.layers.0.self_attn.k_proj.weight", {4, 8}},
                         {"model.layers.0.self_attn.v_proj.weight", {4, 8}}, {"model.layers.0.self_attn.o_proj.weight", {8, 8}},
                         {"model.layers.0.mlp.gate_proj.weight", {16, 8}}, {"model.layers.0.mlp.up_proj.weight", {16, 8}},
                         {"model.layers.0.mlp.down_proj.weight", {8, 16}}};
    qs::SafetensorsWriter a, b;
    nlohmann::json map;
    for (size_t i = 0; i < ts.size(); ++i) {
        int64_t n = 1;
        for (auto d : ts[i].shape) n *= d;
        auto& w = (sharded && i >= 3) ? b : a;
        std::vector<float> values(static_cast<size_t>(n), 0.5f);
        if (poison && ts[i].name == "model.layers.0.mlp.up_proj.weight") values[1 * 8 + 2] = std::nanf("");
        w.addF32(ts[i].name, ts[i].shape, values);
        map[ts[i].name] = (sharded && i >= 3) ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors";
    }
    if (sharded) {
        a.write(dir + "/model-00001-of-00002.safetensors");
        b.write(dir + "/model-00002-of-00002.safetensors");
        qs::test::writeFile(dir + "/model.safetensors.index.json", nlohmann::json({{"weight_map", map}}).dump());
    } else {
        a.write(dir + "/model.safetensors");
    }
}


} // namespace qs::test
