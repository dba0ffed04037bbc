#include "core/runtime/eval_input.h"

#include "core/model/model.h"
#include "core/runtime/text_input.h"
#include "core/runtime/tokenizer.h"
#include "core/util/error.h"

namespace qs {

EvalInput loadEvalInput(const std::vector<const Model*>& models, const std::string& textPath, const std::string& tokensPath) {
    EvalInput in;
    in.bosId = int32_t(models.front()->hparams().bosTokenId);
    if (!tokensPath.empty()) {
        in.ids = readTokenFile(tokensPath);
        return in;
    }
    if (textPath.empty()) throw Error("", "give the evaluation text (--text FILE) or token ids (--tokens FILE)");
    const std::string text = readEvalText(textPath);
    // The first model that carries a tokenizer tokenizes for all of them.
    for (const Model* m : models)
        if (Tokenizer::modelHasTokenizer(*m)) {
            const Tokenizer tok = Tokenizer::forModel(*m);
            in.ids = tok.encode(text);
            in.bosId = tok.bosId();
            return in;
        }
    throw Error(models.front()->path(), "model has no tokenizer; pass token ids with --tokens FILE");
}

} // namespace qs
