#pragma once
// The token ids an evaluation runs on: a token file when given, otherwise the text tokenized with the
// model's own tokenizer (BOS first, one trailing newline dropped, as llama-perplexity does).
#include <cstdint>
#include <string>
#include <vector>

namespace qs {

class Model;

struct EvalInput {
    std::vector<int32_t> ids;
    int32_t bosId = 1;
};

// Exactly one of textPath / tokensPath should be non-empty; tokensPath wins. Throws qs::Error for
// unreadable, empty or non-UTF-8 text, and for a model without tokenizer when only text is given.
EvalInput loadEvalInput(const std::vector<const Model*>& models, const std::string& textPath, const std::string& tokensPath);

} // namespace qs
