#pragma once
// Architecture and hyper-parameters of a Llama-family decoder, read from config.json or GGUF metadata.
#include <cstdint>
#include <string>

namespace qs {

struct HyperParams {
    std::string architecture;     // "llama", "mistral" or "qwen2" (GGUF: general.architecture)
    int64_t hiddenSize = 0;       // d
    int64_t intermediateSize = 0; // f
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    int64_t vocabSize = 0;
    int64_t maxPositions = 0;
    double ropeTheta = 10000.0;
    double rmsNormEps = 1e-6;
    bool tieWordEmbeddings = false;
    bool attentionBias = false;   // q/k/v biases present (always for qwen2)
    std::string ropeScalingType;  // "" when none
    double ropeScalingFactor = 1.0;
    std::string torchDtype;       // from config.json, informational
    bool newerConfigLayout = false; // config.json used rope_parameters / dtype (transformers 5.x)
    int64_t bosTokenId = 1;
    int64_t eosTokenId = 2;
};

} // namespace qs
