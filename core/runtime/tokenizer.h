#pragma once
// Text → token ids with SentencePiece: from an HF folder's tokenizer.model, or from a GGUF's vocabulary.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qs {

class Model;

class Tokenizer {
public:
    ~Tokenizer();
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;

    static Tokenizer fromFile(const std::string& tokenizerModelPath);             // throws qs::Error
    static Tokenizer fromSerializedProto(std::string_view proto, const std::string& subject);
    // The model's own tokenizer; throws qs::Error when it has none.
    static Tokenizer forModel(const Model& m);
    static bool modelHasTokenizer(const Model& m);

    // Ids of the text; with addBos the BOS id comes first (llama's add_bos_token).
    std::vector<int32_t> encode(std::string_view text, bool addBos = true) const;
    std::string decode(const std::vector<int32_t>& ids) const;
    int32_t bosId() const;
    int32_t vocabSize() const;

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace qs
