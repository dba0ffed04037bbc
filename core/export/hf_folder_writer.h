#pragma once
// Writes a Hugging Face model folder: safetensors shards (one file, or model-0000i-of-0000N with an index
// once maxShardBytes is exceeded, formats.md §1.4), config.json, extra JSON files, and the tokenizer and
// generation files copied from the source folder. Everything is written into a staging folder beside the
// target, which replaces the target only when complete: a failure or cancellation leaves nothing behind.
#include "core/formats/safetensors_writer.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace qs {

class HfFolderWriter {
public:
    HfFolderWriter(std::string outDir, uint64_t maxShardBytes);

    // Tensors go to shards in the order added.
    void add(const std::string& name, DType dtype, std::vector<int64_t> shape, const void* data, size_t bytes);
    // Float values converted to F32, F16 or BF16.
    void addFloat(const std::string& name, DType dtype, std::vector<int64_t> shape, const std::vector<float>& values);
    void setJson(const std::string& file, nlohmann::json value) { json_[file] = std::move(value); }

    // Writes and swaps the folder into place; returns the bytes written. Throws qs::Error naming the path.
    uint64_t commit(const std::string& sourceDir);

    uint64_t tensorBytes() const;

private:
    std::string outDir_;
    uint64_t maxShardBytes_;
    std::vector<SafetensorsWriter> shards_;
    std::map<std::string, nlohmann::json> json_;
};

// The tokenizer and generation files a converted folder keeps (tokenizer.model, tokenizer.json, ...).
const std::vector<std::string>& hfSideFiles();

} // namespace qs
