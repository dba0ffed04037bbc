#pragma once
// safetensors writer (formats.md §1): compact JSON header padded with spaces to a multiple of 8,
// tensors back to back in the order added. Atomic.
#include "core/quant/types.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace qs {

class SafetensorsWriter {
public:
    // Bytes are copied; add tensors in the order they should appear in the file.
    void add(const std::string& name, DType dtype, std::vector<int64_t> shape, const void* data, size_t bytes);
    void addF32(const std::string& name, std::vector<int64_t> shape, const std::vector<float>& values);
    void setMetadata(std::map<std::string, std::string> metadata) { metadata_ = std::move(metadata); }
    // The serialized file in memory (used by tests) and the atomic write to disk.
    std::string serialize() const;
    void write(const std::string& path) const;
    bool empty() const { return entries_.empty(); }
    uint64_t dataBytes() const; // bytes of all tensors added
    std::vector<std::string> names() const;

private:
    std::string header() const; // length prefix and padded JSON header

    struct Entry {
        std::string name;
        DType dtype;
        std::vector<int64_t> shape;
        std::string bytes;
    };
    std::vector<Entry> entries_;
    std::map<std::string, std::string> metadata_;
};

} // namespace qs
