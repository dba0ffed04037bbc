#include "tests/support/gguf_compare.h"

#include <cstring>

namespace qs::test {

std::string compareTensors(const GgufFile& got, const GgufFile& ref) {
    if (got.tensors().size() != ref.tensors().size()) return "tensor count differs";
    for (auto& r : ref.tensors()) {
        const auto* g = got.findTensor(r.name);
        if (!g) return "missing " + r.name;
        if (g->type != r.type) return r.name + ": type " + std::string(typeName(g->type)) + " vs " + std::string(typeName(r.type));
        if (g->ne != r.ne) return r.name + ": shape differs";
        if (std::memcmp(got.tensorData(*g), ref.tensorData(r), r.nbytes) != 0) {
            size_t i = 0;
            while (got.tensorData(*g)[i] == ref.tensorData(r)[i]) ++i;
            return r.name + ": bytes differ first at byte " + std::to_string(i) + " of " + std::to_string(r.nbytes);
        }
    }
    return "";
}

int64_t rowsOf(const GgufTensorInfo& t) {
    int64_t r = 1;
    for (size_t i = 1; i < t.ne.size(); ++i) r *= t.ne[i];
    return r;
}

std::vector<float> tensorAsFloat(const GgufFile& f, const GgufTensorInfo& t) {
    std::vector<float> out(static_cast<size_t>(t.ne[0] * rowsOf(t)));
    traits(t.type).toFloat(f.tensorData(t), out.data(), int64_t(out.size()));
    return out;
}

} // namespace qs::test
