// quantscope-cli inspect MODEL [--json]: architecture, hyper-parameters and the tensor table.
#include "app/cli/command.h"
#include "app/cli/table.h"
#include "core/model/model.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

nlohmann::json hyperparamsJson(const HyperParams& hp) {
    nlohmann::json j = {
        {"hidden_size", hp.hiddenSize},       {"intermediate_size", hp.intermediateSize},
        {"num_layers", hp.numLayers},         {"num_heads", hp.numHeads},
        {"num_kv_heads", hp.numKvHeads},      {"head_dim", hp.headDim},
        {"vocab_size", hp.vocabSize},         {"max_positions", hp.maxPositions},
        {"rope_theta", hp.ropeTheta},         {"rms_norm_eps", hp.rmsNormEps},
        {"tie_word_embeddings", hp.tieWordEmbeddings}, {"attention_bias", hp.attentionBias},
    };
    if (!hp.ropeScalingType.empty()) j["rope_scaling"] = {{"type", hp.ropeScalingType}, {"factor", hp.ropeScalingFactor}};
    if (!hp.torchDtype.empty()) j["dtype"] = hp.torchDtype;
    return j;
}

int run(Args& args) {
    args.accept({}, {"json"});
    args.expectPositionals(1, 1);
    const Model m = loadModel(args.positional(0, "MODEL"));
    const auto& hp = m.hparams();
    if (args.flag("json")) {
        nlohmann::json tensors = nlohmann::json::array();
        for (auto& t : m.tensors())
            tensors.push_back({{"name", t.name}, {"role", roleName(t.role)}, {"block", t.block}, {"shape", t.shape},
                               {"dtype", t.typeLabel()}, {"params", t.params}, {"bytes", t.bytes}, {"file", t.file}});
        nlohmann::json out = {{"path", m.path()},
                              {"format", m.format() == SourceFormat::Gguf ? "gguf" : "safetensors"},
                              {"architecture", hp.architecture},
                              {"hyperparameters", hyperparamsJson(hp)},
                              {"tensors", tensors},
                              {"total_params", m.totalParams()},
                              {"total_bytes", m.totalBytes()},
                              {"bits_per_weight", m.bitsPerWeight()}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%s  (%s, %s)\n", m.path().c_str(), hp.architecture.c_str(),
                m.format() == SourceFormat::Gguf ? "GGUF" : "safetensors");
    std::printf("layers %lld  hidden %lld  mlp %lld  heads %lld  kv heads %lld  head dim %lld  vocab %lld\n",
                (long long)hp.numLayers, (long long)hp.hiddenSize, (long long)hp.intermediateSize,
                (long long)hp.numHeads, (long long)hp.numKvHeads, (long long)hp.headDim, (long long)hp.vocabSize);
    std::printf("context %lld  rope theta %g  rms eps %g  tied embeddings %s\n\n", (long long)hp.maxPositions,
                hp.ropeTheta, hp.rmsNormEps, hp.tieWordEmbeddings ? "yes" : "no");
    Table table({"name", "role", "block", "shape", "dtype", "params", "bytes"}, {false, false, true, false, false, true, true});
    for (auto& t : m.tensors())
        table.add({t.name, std::string(roleName(t.role)), t.block >= 0 ? std::to_string(t.block) : "-", shapeText(t.shape),
                   t.typeLabel(), std::to_string(t.params), std::to_string(t.bytes)});
    table.print(stdout);
    std::printf("\ntotal: %lld parameters, %llu bytes (%s), %.3f bits per weight\n", (long long)m.totalParams(),
                (unsigned long long)m.totalBytes(), humanBytes(double(m.totalBytes())).c_str(), m.bitsPerWeight());
    return 0;
}

const CommandRegistration reg({"inspect", "MODEL [--json]",
                               "architecture, hyper-parameters and every tensor of an HF folder or GGUF file", run});

} // namespace
} // namespace qs::cli
