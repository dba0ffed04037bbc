#pragma once
// Byte-exact comparison of a written GGUF with a llama.cpp reference (issue-notes: same type and bytes for
// every tensor; metadata may differ).
#include "core/formats/gguf.h"

#include <string>

namespace qs::test {

// Every tensor of `ref` exists in `got` with the same type, shape and bytes; returns the first difference
// ("" when there is none).
std::string compareTensors(const GgufFile& got, const GgufFile& ref);

} // namespace qs::test
