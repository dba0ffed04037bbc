#pragma once
// GGUF metadata for an exported model: copied from a GGUF source (as llama-quantize does), or built
// from an HF folder's config and tokenizer.model (as convert_hf_to_gguf.py does, formats.md §5.4-5.5).
#include "core/formats/gguf_writer.h"
#include "core/formats/imatrix.h"
#include "core/model/model.h"

namespace qs {

// Fills every key except general.file_type / general.quantization_version (see finishQuantMetadata).
void fillGgufMetadata(const Model& model, GgufWriter& out);

// Appends general.quantization_version = 2 and general.file_type (llama-quantize puts them last).
void finishQuantMetadata(GgufWriter& out, uint32_t fileType);

// Appends llama-quantize's quantize.imatrix.* keys (formats.md §11.3); call after finishQuantMetadata.
void addImatrixMetadata(GgufWriter& out, const Imatrix& imatrix, const std::string& file);

} // namespace qs
