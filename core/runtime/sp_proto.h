#pragma once
// Rebuilds a serialized SentencePiece ModelProto from a GGUF's tokenizer.ggml.* vocabulary
// (formats.md §5.5), so GGUF files tokenize with the same library as HF folders.
#include <string>

namespace qs {

class GgufFile;

// Throws qs::Error when the GGUF has no SentencePiece ("llama") vocabulary or it is malformed.
std::string sentencePieceProtoFromGguf(const GgufFile& g);

} // namespace qs
