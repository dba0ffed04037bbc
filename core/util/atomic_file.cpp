#include "core/util/atomic_file.h"

#include "core/util/error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace qs {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    std::string pattern = path_ + ".tmp-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    int fd = ::mkstemp(buf.data());
    if (fd < 0) throw Error(path_, std::string("cannot create a file here: ") + std::strerror(errno));
    tmpPath_ = buf.data();
    // mkstemp makes the file private (0600); the output gets the permissions a plain create would give.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    f_ = ::fdopen(fd, "wb");
    if (!f_) {
        ::close(fd);
        ::unlink(tmpPath_.c_str());
        throw Error(path_, "cannot open temporary file");
    }
}

AtomicFile::~AtomicFile() {
    if (f_) std::fclose(f_);
    if (!committed_) ::unlink(tmpPath_.c_str());
}

void AtomicFile::write(const void* data, size_t n) {
    if (n && std::fwrite(data, 1, n, f_) != n) throw Error(path_, std::string("write failed: ") + std::strerror(errno));
}

void AtomicFile::writeZeros(size_t n) {
    static const char zeros[4096] = {};
    while (n) {
        size_t k = std::min(n, sizeof zeros);
        write(zeros, k);
        n -= k;
    }
}

void AtomicFile::seek(uint64_t offset) {
    if (::fseeko(f_, off_t(offset), SEEK_SET) != 0) throw Error(path_, "seek failed");
}

uint64_t AtomicFile::tell() const { return uint64_t(::ftello(f_)); }

void AtomicFile::commit() {
    // No fsync: the rename makes the replacement atomic for every reader and against crashes of this
    // process; ext4's replace-via-rename heuristic covers power loss well enough for regenerable outputs,
    // and an fsync of gigabytes would dominate the run time.
    if (std::fflush(f_) != 0 || std::ferror(f_))
        throw Error(path_, std::string("write failed: ") + std::strerror(errno));
    std::fclose(f_);
    f_ = nullptr;
    if (std::rename(tmpPath_.c_str(), path_.c_str()) != 0)
        throw Error(path_, std::string("cannot replace the file: ") + std::strerror(errno));
    committed_ = true;
}

void writeFileAtomic(const std::string& path, const std::string& contents) {
    AtomicFile f(path);
    f.write(contents.data(), contents.size());
    f.commit();
}

} // namespace qs
