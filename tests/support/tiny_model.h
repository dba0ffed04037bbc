#pragma once
#include <string>

namespace qs::test {

// Writes a tiny valid Llama folder (hidden 8, 1 layer, vocab 32, all weights 0.5, F32) that tests then
// change in one way each; `sharded` splits it over two files with an index. `poison` puts a NaN at
// row 1, column 2 of layer 0's up_proj.
void writeTinyModel(const std::string& dir, bool sharded, bool poison = false);

} // namespace qs::test
