#include "core/formats/imatrix.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto m = qs::parseImatrix(data, size, "fuzz.dat");
        // What parsed must serialize and parse back to the same value.
        const auto bytes = qs::serializeImatrix(m);
        const auto again = qs::parseImatrix(bytes.data(), bytes.size(), "again.dat");
        if (again.entries.size() != m.entries.size() || again.dataset != m.dataset) __builtin_trap();
    } catch (const qs::Error&) {
    }
    return 0;
}
