#pragma once
// Writes a file atomically: everything goes to "<path>.tmp-XXXX" beside it, which is renamed over the
// target only after a successful close. On any error the temp file is removed and the target is untouched.
#include <cstdint>
#include <cstdio>
#include <string>

namespace qs {

class AtomicFile {
public:
    explicit AtomicFile(std::string path); // throws qs::Error naming the path
    ~AtomicFile();                         // discards unless commit() succeeded
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, size_t n);
    void writeZeros(size_t n);
    void seek(uint64_t offset);
    uint64_t tell() const;
    void commit(); // flush, close, rename over the target

    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string tmpPath_;
    std::FILE* f_ = nullptr;
    bool committed_ = false;
};

void writeFileAtomic(const std::string& path, const std::string& contents);

} // namespace qs
