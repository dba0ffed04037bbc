#include "core/plan/llama_mixture.h"


#include <map>

namespace qs {
namespace {

struct FtypeInfo {
    LlamaFtype ftype;
    const char* name;
    DType base;
    uint32_t id;
};

constexpr FtypeInfo kFtypes[] = {
    {LlamaFtype::F32, "F32", DType::F32, 0},          {LlamaFtype::F16, "F16", DType::F16, 1},
    {LlamaFtype::BF16, "BF16", DType::BF16, 32},      {LlamaFtype::Q4_0, "Q4_0", DType::Q4_0, 2},
    {LlamaFtype::Q4_1, "Q4_1", DType::Q4_1, 3},       {LlamaFtype::Q5_0, "Q5_0", DType::Q5_0, 8},
    {LlamaFtype::Q5_1, "Q5_1", DType::Q5_1, 9},       {LlamaFtype::Q8_0, "Q8_0", DType::Q8_0, 7},
    {LlamaFtype::Q2_K, "Q2_K", DType::Q2_K, 10},      {LlamaFtype::Q2_K_S, "Q2_K_S", DType::Q2_K, 21},
    {LlamaFtype::Q3_K_S, "Q3_K_S", DType::Q3_K, 11},  {LlamaFtype::Q3_K_M, "Q3_K_M", DType::Q3_K, 12},
    {LlamaFtype::Q3_K_L, "Q3_K_L", DType::Q3_K, 13},  {LlamaFtype::Q4_K_S, "Q4_K_S", DType::Q4_K, 14},
    {LlamaFtype::Q4_K_M, "Q4_K_M", DType::Q4_K, 15},  {LlamaFtype::Q5_K_S, "Q5_K_S", DType::Q5_K, 16},
    {LlamaFtype::Q5_K_M, "Q5_K_M", DType::Q5_K, 17},  {LlamaFtype::Q6_K, "Q6_K", DType::Q6_K, 18},
};

const FtypeInfo& info(LlamaFtype f) {
    for (auto& i : kFtypes)
        if (i.ftype == f) return i;
    return kFtypes[0];
}

bool useMoreBits(int64_t i, int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

using F = LlamaFtype;

DType attnVType(F f, DType base, int64_t i, int64_t n, int64_t nGqa, bool is70B) {
    DType t = base;
    switch (f) {
    case F::Q2_K: t = nGqa >= 4 ? DType::Q4_K : DType::Q3_K; break;
    case F::Q2_K_S: if (nGqa >= 4) t = DType::Q4_K; break;
    case F::Q3_K_M: t = i < 2 ? DType::Q5_K : DType::Q4_K; break;
    case F::Q3_K_L: t = DType::Q5_K; break;
    case F::Q4_K_S: t = i < 4 ? DType::Q5_K : DType::Q4_K; break;
    case F::Q4_K_M: t = useMoreBits(i, n) ? DType::Q6_K : DType::Q4_K; break;
    case F::Q5_K_M: t = useMoreBits(i, n) ? DType::Q6_K : DType::Q5_K; break;
    default: break;
    }
    if (is70B && (t == DType::Q3_K || t == DType::Q4_K)) t = DType::Q5_K;
    return t;
}

DType ffnDownType(F f, DType base, int64_t i, int64_t n, bool hasImatrix) {
    switch (f) {
    case F::Q4_0: return hasImatrix && i < n / 8 ? DType::Q4_1 : base;
    case F::Q5_0: return hasImatrix && i < n / 8 ? DType::Q5_1 : base;
    case F::Q2_K: return DType::Q3_K;
    case F::Q2_K_S: return i < n / 8 ? DType::Q4_K : base;
    case F::Q3_K_M: return i < n / 16 ? DType::Q5_K : DType::Q4_K;
    case F::Q3_K_L: return DType::Q5_K;
    case F::Q4_K_S: return i < n / 8 ? DType::Q5_K : base;
    case F::Q4_K_M: return useMoreBits(i, n) ? DType::Q6_K : DType::Q4_K;
    case F::Q5_K_M: return useMoreBits(i, n) ? DType::Q6_K : DType::Q5_K;
    default: return base;
    }
}

DType attnOutputType(F f, DType base) {
    switch (f) {
    case F::Q2_K: return DType::Q3_K;
    case F::Q3_K_M: return DType::Q4_K;
    case F::Q3_K_L: return DType::Q5_K;
    default: return base;
    }
}

DType sourceKeepType(const TensorInfo& t) {
    // Float sources stay as they are unless they are 1-D (norms, biases), which llama.cpp keeps in F32.
    if (t.shape.size() < 2) return DType::F32;
    return traits(t.type).inGguf ? t.type : DType::F32;
}

} // namespace

bool isQuantizableWeight(const TensorInfo& t) {
    return !t.isBias && t.shape.size() >= 2 && t.role != TensorRole::AttnNorm && t.role != TensorRole::MlpNorm &&
           t.role != TensorRole::FinalNorm && t.role != TensorRole::RopeFreqs;
}

bool isDecoderLinear(const TensorInfo& t) {
    switch (t.role) {
    case TensorRole::AttnQ: case TensorRole::AttnK: case TensorRole::AttnV: case TensorRole::AttnO:
    case TensorRole::MlpGate: case TensorRole::MlpUp: case TensorRole::MlpDown: return !t.isBias;
    default: return false;
    }
}

DType fallbackType(DType type, int64_t rowLength) {
    if (rowLength % traits(type).blockSize == 0) return type;
    DType fb;
    switch (type) {
    case DType::Q4_K: fb = DType::Q5_0; break;
    case DType::Q5_K: fb = DType::Q5_1; break;
    case DType::Q6_K: fb = DType::Q8_0; break;
    case DType::Q2_K: case DType::Q3_K: fb = DType::Q4_0; break; // llama.cpp uses IQ4_NL, which we do not write
    default: fb = DType::F16; break;
    }
    return rowLength % traits(fb).blockSize == 0 ? fb : DType::F16;
}

std::vector<DType> pureTypePlan(const Model& model, DType type) {
    std::vector<DType> types;
    for (auto& t : model.tensors()) types.push_back(isQuantizableWeight(t) ? type : sourceKeepType(t));
    return types;
}

std::optional<LlamaFtype> parseLlamaFtype(const std::string& name) {
    static const std::map<std::string, LlamaFtype> aliases = {{"Q3_K", F::Q3_K_M}, {"Q4_K", F::Q4_K_M}, {"Q5_K", F::Q5_K_M}};
    if (auto it = aliases.find(name); it != aliases.end()) return it->second;
    for (auto& i : kFtypes)
        if (name == i.name) return i.ftype;
    return std::nullopt;
}

std::string llamaFtypeName(LlamaFtype f) { return info(f).name; }
DType llamaFtypeBaseType(LlamaFtype f) { return info(f).base; }
uint32_t llamaFtypeId(LlamaFtype f) { return info(f).id; }

std::vector<DType> llamaMixtureTypes(const Model& model, LlamaFtype f, bool hasImatrix) {
    const DType base = llamaFtypeBaseType(f);
    std::vector<DType> types = pureTypePlan(model, base);
    if (!traits(base).isQuantized) return types;
    const auto& hp = model.hparams();
    const int64_t n = hp.numLayers, nGqa = hp.numHeads / hp.numKvHeads;
    const bool is70B = hp.architecture == "llama" && n == 80 && hp.numKvHeads != hp.numHeads;
    const bool hasOutput = model.find(TensorRole::Output) != nullptr;
    // attn_v is counted in processing order, which is layer order for dense models.
    for (size_t k = 0; k < types.size(); ++k) {
        const auto& t = model.tensors()[k];
        if (!isQuantizableWeight(t)) continue;
        DType type = base;
        const bool isOutput = t.role == TensorRole::Output || (!hasOutput && t.role == TensorRole::Embedding);
        if (isOutput) {
            if (t.cols() % traits(base).blockSize != 0) type = DType::Q8_0;
            else if (base != DType::Q8_0) type = DType::Q6_K;
        } else if (t.role == TensorRole::AttnV) {
            type = attnVType(f, base, t.block, n, nGqa, is70B);
        } else if (t.role == TensorRole::MlpDown) {
            type = ffnDownType(f, base, t.block, n, hasImatrix);
        } else if (t.role == TensorRole::AttnO) {
            type = attnOutputType(f, base);
        }
        types[k] = fallbackType(type, t.cols());
    }
    return types;
}

} // namespace qs
