#pragma once
// Read-only memory map of a whole file. Movable, not copyable.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace qs {

class MappedFile {
public:
    MappedFile() = default;
    explicit MappedFile(const std::string& path); // throws qs::Error naming the path
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    std::span<const uint8_t> bytes() const { return {data_, size_}; }
    const std::string& path() const { return path_; }

private:
    void release();
    std::string path_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

// Tells the kernel the mapped pages of [data, data + size) are no longer needed (they are re-read from
// the file if touched again). Only for read-only file mappings; rounds inward to whole pages.
void releasePages(const void* data, size_t size);

} // namespace qs
