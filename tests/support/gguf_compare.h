#pragma once
// Byte-exact comparison of a written GGUF with a llama.cpp reference (issue-notes: same type and bytes for
// every tensor; metadata may differ).
#include "core/formats/gguf.h"

#include <string>
#include <vector>

namespace qs::test {

// Every tensor of `ref` exists in `got` with the same type, shape and bytes; returns the first difference
// ("" when there is none).
std::string compareTensors(const GgufFile& got, const GgufFile& ref);

// Rows of a GGUF tensor (every dimension after the first), and the whole tensor decoded to F32 with the
// type table's reference decoder.
int64_t rowsOf(const GgufTensorInfo& t);
std::vector<float> tensorAsFloat(const GgufFile& f, const GgufTensorInfo& t);

} // namespace qs::test
