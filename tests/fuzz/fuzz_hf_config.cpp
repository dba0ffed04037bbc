#include "core/formats/hf_config.h"
#include "core/formats/json_strict.h"
#include "core/util/error.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        auto j = qs::parseJsonStrict(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
        qs::parseHfConfig(j, "config.json");
    } catch (const qs::Error&) {
    }
    return 0;
}
