#pragma once
// Strict, memory-mapped safetensors reader (formats.md §1). Every violation throws qs::Error naming the file.
#include "core/quant/types.h"
#include "core/util/mapped_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qs {

struct SafetensorsTensor {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape; // PyTorch order, outermost first
    uint64_t begin = 0;         // relative to the byte buffer
    uint64_t end = 0;
};

class SafetensorsFile {
public:
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);

    const std::string& path() const { return file_.path(); }
    const std::vector<SafetensorsTensor>& tensors() const { return tensors_; }
    const SafetensorsTensor* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const uint8_t* data(const SafetensorsTensor& t) const { return file_.data() + bufferStart_ + t.begin; }
    uint64_t fileSize() const { return file_.size(); }

    // Parses a header without a file; used by the fuzzer. Throws qs::Error(subject, ...).
    static void parseForTest(const uint8_t* data, size_t size, const std::string& subject);

private:
    SafetensorsFile() = default;
    void parse(const uint8_t* data, size_t size);

    MappedFile file_;
    std::string subject_;
    uint64_t bufferStart_ = 0;
    std::vector<SafetensorsTensor> tensors_;
    std::map<std::string, size_t> index_;
    std::map<std::string, std::string> metadata_;
};

// dtype string ("F16", "BF16", ...) to DType; nullopt for unknown or unsupported.
std::optional<DType> safetensorsDtype(std::string_view s);
std::string_view safetensorsDtypeName(DType t);

} // namespace qs
