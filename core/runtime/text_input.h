#pragma once
// Evaluation inputs: a UTF-8 text file read as llama-perplexity reads it, or a file of token ids.
#include <cstdint>
#include <string>
#include <vector>

namespace qs {

// Whole file as bytes with one trailing '\n' dropped (llama.cpp's -f). Throws qs::Error when the
// file is unreadable, empty or not valid UTF-8.
std::string readEvalText(const std::string& path);

// Token ids as decimal integers separated by whitespace or commas (a JSON array also parses).
// Throws qs::Error on anything else, on negative ids and on an empty list.
std::vector<int32_t> readTokenFile(const std::string& path);

} // namespace qs
