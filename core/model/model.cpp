#include "core/model/model.h"

#include "core/formats/hf_quant_layer.h"
#include "core/model/row_order.h"
#include "core/quant/kernels/dispatch.h"
#include "core/util/error.h"

#include <array>
#include <filesystem>

namespace qs {
namespace {

constexpr std::array<std::string_view, 14> kRoleNames = {
    "embedding", "attn_q", "attn_k", "attn_v", "attn_o", "mlp_gate", "mlp_up", "mlp_down",
    "attn_norm", "mlp_norm", "final_norm", "output", "rope_freqs", "other"};

} // namespace

std::string_view roleName(TensorRole r) { return kRoleNames[size_t(r)]; }

std::optional<TensorRole> roleFromName(std::string_view s) {
    for (size_t i = 0; i < kRoleNames.size(); ++i)
        if (kRoleNames[i] == s) return TensorRole(i);
    return std::nullopt;
}

const TensorInfo* Model::find(const std::string& name) const {
    for (auto& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

const TensorInfo* Model::find(TensorRole role, int block, bool bias) const {
    for (auto& t : tensors_)
        if (t.role == role && t.block == block && t.isBias == bias) return &t;
    return nullptr;
}

const TensorInfo& Model::require(TensorRole role, int block) const {
    if (auto* t = find(role, block)) return *t;
    throw Error(path_, "missing tensor: " + std::string(roleName(role)) + (block >= 0 ? " of layer " + std::to_string(block) : ""));
}

const TensorInfo& Model::outputHead() const {
    if (auto* t = find(TensorRole::Output)) return *t;
    return require(TensorRole::Embedding);
}

int64_t Model::totalParams() const {
    int64_t n = 0;
    for (auto& t : tensors_) n += t.params;
    return n;
}

uint64_t Model::totalBytes() const {
    uint64_t n = 0;
    for (auto& t : tensors_) n += t.bytes;
    return n;
}

int64_t Model::storedRow(const TensorInfo& t, int64_t r) const {
    if (t.permutedHeads <= 0) return r;
    const int64_t headDim = t.rows() / t.permutedHeads;
    const int64_t half = headDim / 2;
    const int64_t h = r / headDim, rem = r % headDim;
    const int64_t a = rem / half, j = rem % half;
    return h * headDim + 2 * j + a; // formats.md §5.2
}

int Model::llamaCppPermutedHeads(const TensorInfo& t) const {
    if (hp_.architecture == "qwen2" || t.isBias) return 0;
    if (t.role == TensorRole::AttnQ) return int(hp_.numHeads);
    if (t.role == TensorRole::AttnK) return int(hp_.numKvHeads);
    return 0;
}

void Model::readRows(const TensorInfo& t, int64_t row0, int64_t n, float* out, RowOrder order) const {
    const auto& tr = traits(t.type);
    const DequantizeRowFn toFloat = t.packed ? nullptr : kernels(t.type).toFloat;
    if (!toFloat && !t.packed) throw Error(t.file, "tensor '" + t.name + "' of type " + std::string(tr.name) + " cannot be read as float");
    if (row0 < 0 || n < 0 || row0 + n > t.rows()) throw Error(t.file, "row range out of bounds for '" + t.name + "'");
    const int64_t cols = t.cols();
    const int64_t rowSize = t.packed ? 0 : rowBytes(tr, cols);
    auto decode = [&](int64_t stored, int64_t count, float* dst) {
        if (t.packed) t.packed->decodeRows(stored, count, dst);
        else toFloat(t.data + stored * rowSize, dst, count * cols);
    };
    const int llamaHeads = order == RowOrder::LlamaCpp ? llamaCppPermutedHeads(t) : 0;
    if (order == RowOrder::Stored || (t.permutedHeads <= 0 && llamaHeads == 0) || (llamaHeads && t.permutedHeads)) {
        decode(row0, n, out); // already in the requested order
        return;
    }
    for (int64_t i = 0; i < n; ++i) {
        int64_t canonical = llamaHeads ? hfRowForLlamaCppRow(row0 + i, t.rows() / llamaHeads) : row0 + i;
        decode(storedRow(t, canonical), 1, out + i * cols);
    }
}

std::string TensorInfo::typeLabel() const { return packed ? packed->label() : std::string(typeName(type)); }

std::vector<float> Model::readAll(const TensorInfo& t, RowOrder order) const {
    std::vector<float> v(size_t(t.params));
    readRows(t, 0, t.rows(), v.data(), order);
    return v;
}

Model loadModel(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(path, ec)) return loadHfFolder(path);
    if (!fs::exists(path, ec)) throw Error(path, "no such file or folder");
    return loadGgufModel(path);
}

} // namespace qs
