#include "core/formats/safetensors.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        qs::SafetensorsFile::parseForTest(data, size, "fuzz.safetensors");
    } catch (const qs::Error&) {
    }
    return 0;
}
