#include "core/runtime/tokenizer.h"

#include "core/formats/gguf.h"
#include "core/model/model.h"
#include "core/runtime/sp_proto.h"
#include "core/util/error.h"

#include <sentencepiece_processor.h>

namespace qs {

struct Tokenizer::Impl {
    sentencepiece::SentencePieceProcessor sp;
    std::string subject;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

Tokenizer Tokenizer::fromFile(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    impl->subject = path;
    if (auto st = impl->sp.Load(path); !st.ok()) throw Error(path, "cannot load SentencePiece model: " + st.ToString());
    return Tokenizer(std::move(impl));
}

Tokenizer Tokenizer::fromSerializedProto(std::string_view proto, const std::string& subject) {
    auto impl = std::make_unique<Impl>();
    impl->subject = subject;
    if (auto st = impl->sp.LoadFromSerializedProto(proto); !st.ok())
        throw Error(subject, "cannot build a SentencePiece model: " + st.ToString());
    return Tokenizer(std::move(impl));
}

bool Tokenizer::modelHasTokenizer(const Model& m) {
    if (!m.tokenizerModelPath().empty()) return true;
    auto g = m.gguf();
    return g && g->find("tokenizer.ggml.model");
}

Tokenizer Tokenizer::forModel(const Model& m) {
    if (!m.tokenizerModelPath().empty()) return fromFile(m.tokenizerModelPath());
    if (auto g = m.gguf()) return fromSerializedProto(sentencePieceProtoFromGguf(*g), m.path());
    throw Error(m.path(), "model has no tokenizer.model; pass token ids instead (--tokens)");
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool addBos) const {
    std::vector<int> ids;
    if (auto st = impl_->sp.Encode(text, &ids); !st.ok()) throw Error(impl_->subject, "tokenization failed: " + st.ToString());
    std::vector<int32_t> out;
    out.reserve(ids.size() + 1);
    if (addBos) out.push_back(bosId());
    out.insert(out.end(), ids.begin(), ids.end());
    return out;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
    std::string text;
    if (auto st = impl_->sp.Decode(std::vector<int>(ids.begin(), ids.end()), &text); !st.ok())
        throw Error(impl_->subject, "detokenization failed: " + st.ToString());
    return text;
}

int32_t Tokenizer::bosId() const { return impl_->sp.bos_id(); }
int32_t Tokenizer::vocabSize() const { return impl_->sp.GetPieceSize(); }

} // namespace qs
