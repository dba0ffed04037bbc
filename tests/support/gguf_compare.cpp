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

} // namespace qs::test
