#include "core/runtime/sp_proto.h"

#include "core/formats/gguf.h"
#include "core/util/error.h"

#include <cstring>

namespace qs {
namespace {

// Minimal proto2 wire-format writer: only what ModelProto needs.
class ProtoWriter {
public:
    void varint(uint64_t v) {
        while (v >= 0x80) {
            out_ += char(uint8_t(v) | 0x80);
            v >>= 7;
        }
        out_ += char(v);
    }
    void tag(int field, int wireType) { varint(uint64_t(field) << 3 | uint64_t(wireType)); }
    void intField(int field, int64_t v) { // int32/enum/bool: negatives are 10-byte varints
        tag(field, 0);
        varint(uint64_t(v));
    }
    void floatField(int field, float v) {
        tag(field, 5);
        char b[4];
        std::memcpy(b, &v, 4); // protobuf fixed32 is little-endian, as is every supported host
        out_.append(b, 4);
    }
    void bytesField(int field, const std::string& s) {
        tag(field, 2);
        varint(s.size());
        out_ += s;
    }
    const std::string& str() const { return out_; }

private:
    std::string out_;
};

enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

const GgufValue& arrayKey(const GgufFile& g, const std::string& key) {
    const GgufValue* v = g.find(key);
    if (!v || v->type != GgufType::ARRAY) throw Error(g.path(), "tokenizer metadata '" + key + "' missing or not an array");
    return *v;
}

int64_t idKey(const GgufFile& g, const std::string& key, int64_t fallback) {
    const GgufValue* v = g.find(key);
    return v && v->isInteger() ? v->asInt() : fallback;
}

} // namespace

std::string sentencePieceProtoFromGguf(const GgufFile& g) {
    const GgufValue* model = g.find("tokenizer.ggml.model");
    if (!model) throw Error(g.path(), "no tokenizer in the GGUF metadata");
    if (model->type != GgufType::STRING || model->s != "llama")
        throw Error(g.path(), "tokenizer '" + model->s + "' is not supported (only SentencePiece, tokenizer.ggml.model = llama)");
    const auto& tokens = arrayKey(g, "tokenizer.ggml.tokens").items;
    const auto& scores = arrayKey(g, "tokenizer.ggml.scores").items;
    const auto& types = arrayKey(g, "tokenizer.ggml.token_type").items;
    if (tokens.empty() || scores.size() != tokens.size() || types.size() != tokens.size())
        throw Error(g.path(), "tokenizer.ggml tokens, scores and token_type differ in length");

    // The converter pads the vocabulary up to vocab_size with UNUSED "[PADn]" entries; they are not pieces.
    size_t n = tokens.size();
    while (n > 0 && types[n - 1].isInteger() && types[n - 1].asInt() == Unused && tokens[n - 1].s.rfind("[PAD", 0) == 0) --n;

    ProtoWriter proto;
    bool hasBytes = false;
    for (size_t i = 0; i < n; ++i) {
        if (tokens[i].type != GgufType::STRING || !scores[i].isNumber() || !types[i].isInteger())
            throw Error(g.path(), "tokenizer entry " + std::to_string(i) + " has the wrong value types");
        const int64_t type = types[i].asInt();
        if (type < Normal || type > Byte) throw Error(g.path(), "token " + std::to_string(i) + " has unknown type " + std::to_string(type));
        hasBytes |= type == Byte;
        ProtoWriter piece;
        piece.bytesField(1, tokens[i].s);
        piece.floatField(2, float(scores[i].asDouble()));
        piece.intField(3, type);
        proto.bytesField(1, piece.str());
    }

    // Trainer fields only have to be consistent; byte_fallback does change encoding (unknown chars → bytes).
    ProtoWriter trainer;
    trainer.intField(3, 2); // model_type = BPE
    trainer.intField(4, int64_t(n));
    trainer.intField(25, 1); // split_digits
    trainer.intField(35, hasBytes ? 1 : 0);
    trainer.intField(40, idKey(g, "tokenizer.ggml.unknown_token_id", 0));
    trainer.intField(41, idKey(g, "tokenizer.ggml.bos_token_id", 1));
    trainer.intField(42, idKey(g, "tokenizer.ggml.eos_token_id", 2));
    trainer.intField(43, idKey(g, "tokenizer.ggml.padding_token_id", -1));
    proto.bytesField(2, trainer.str());

    const GgufValue* spacePrefix = g.find("tokenizer.ggml.add_space_prefix");
    ProtoWriter normalizer;
    normalizer.bytesField(1, "identity");
    normalizer.bytesField(2, "");
    normalizer.intField(3, spacePrefix && spacePrefix->type == GgufType::BOOL ? int64_t(spacePrefix->u != 0) : 1);
    normalizer.intField(4, 0); // remove_extra_whitespaces
    normalizer.intField(5, 1); // escape_whitespaces
    proto.bytesField(3, normalizer.str());
    return proto.str();
}

} // namespace qs
