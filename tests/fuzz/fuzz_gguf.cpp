#include "core/formats/gguf.h"
#include "core/model/model.h"
#include "core/util/error.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        auto g = qs::GgufFile::parse(data, size, "fuzz.gguf");
        // Decode the first row of every tensor that parsed, to exercise the decoders on fuzzed bytes.
        for (auto& t : g->tensors()) {
            const auto& tr = qs::traits(t.type);
            if (!tr.toFloat || t.ne[0] > 4096 || t.numel() < t.ne[0]) continue; // empty tensors have no row
            std::vector<float> row(size_t(t.ne[0]));
            tr.toFloat(g->tensorData(t), row.data(), t.ne[0]);
        }
    } catch (const qs::Error&) {
    }
    return 0;
}
