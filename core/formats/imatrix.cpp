#include "core/formats/imatrix.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/mapped_file.h"
#include "core/util/sha256.h"

#include <cmath>
#include <cstring>

namespace qs {
namespace {

constexpr int32_t kMaxNameLength = 1024; // GGUF names are at most 63 bytes; anything near this is corrupt
constexpr size_t kMinEntryBytes = 4 + 1 + 4 + 4 + 4; // name_len, one name byte, ncall, nval, one value

// Bounds-checked little-endian reader; every failure names the file and what was being read.
class Reader {
public:
    Reader(const uint8_t* data, size_t size, const std::string& subject) : p_(data), size_(size), s_(subject) {}

    size_t remaining() const { return size_ - pos_; }
    int32_t i32(const std::string& what) {
        need(4, what);
        int32_t v;
        std::memcpy(&v, p_ + pos_, 4);
        pos_ += 4;
        return v;
    }
    const uint8_t* bytes(size_t n, const std::string& what) {
        need(n, what);
        const uint8_t* at = p_ + pos_;
        pos_ += n;
        return at;
    }
    [[noreturn]] void fail(const std::string& message) const { throw Error(s_, message); }

private:
    void need(size_t n, const std::string& what) const {
        if (remaining() < n) fail("file truncated while reading " + what + " at byte " + std::to_string(pos_));
    }
    const uint8_t* p_;
    size_t size_;
    size_t pos_ = 0;
    const std::string& s_;
};

void put32(std::vector<uint8_t>& out, int32_t v) {
    uint8_t b[4];
    std::memcpy(b, &v, 4);
    out.insert(out.end(), b, b + 4);
}

} // namespace

std::vector<float> importanceWeights(const ImatrixEntry& entry) {
    std::vector<float> w = entry.values;
    if (entry.ncall > 0)
        for (float& v : w) v = v / float(entry.ncall); // f32 division, as llama-quantize's load_imatrix
    return w;
}

Imatrix parseImatrix(const uint8_t* data, size_t size, const std::string& subject) {
    Reader r(data, size, subject);
    Imatrix m;
    const int32_t count = r.i32("the entry count");
    if (count < 1) r.fail("entry count " + std::to_string(count) + " (at least 1 expected)");
    if (size_t(count) > r.remaining() / kMinEntryBytes)
        r.fail("entry count " + std::to_string(count) + " cannot fit in " + std::to_string(size) + " bytes");
    for (int32_t e = 0; e < count; ++e) {
        const std::string at = "entry " + std::to_string(e);
        const int32_t nameLen = r.i32(at + " name length");
        if (nameLen < 1 || nameLen > kMaxNameLength) r.fail(at + ": name length " + std::to_string(nameLen));
        const uint8_t* nameBytes = r.bytes(size_t(nameLen), at + " name");
        std::string name(reinterpret_cast<const char*>(nameBytes), size_t(nameLen));
        const std::string who = at + " (" + name + ")";
        ImatrixEntry entry;
        entry.ncall = r.i32(who + " ncall");
        if (entry.ncall < 0) r.fail(who + ": ncall " + std::to_string(entry.ncall) + " is negative");
        const int32_t nval = r.i32(who + " value count");
        if (nval < 1) r.fail(who + ": value count " + std::to_string(nval) + " (at least 1 expected)");
        if (size_t(nval) > r.remaining() / 4) // checked before allocating
            r.fail("file truncated or corrupt: " + who + " has " + std::to_string(nval) + " values (" +
                   std::to_string(uint64_t(nval) * 4) + " bytes), only " + std::to_string(r.remaining()) + " bytes remain");
        const uint8_t* raw = r.bytes(size_t(nval) * 4, who + " values");
        entry.values.resize(size_t(nval));
        std::memcpy(entry.values.data(), raw, size_t(nval) * 4);
        for (int32_t j = 0; j < nval; ++j) {
            const float v = entry.values[size_t(j)];
            if (!std::isfinite(v) || v < 0)
                r.fail(who + ": value " + std::to_string(j) + " is " + (std::isfinite(v) ? std::to_string(v) : std::isnan(v) ? "NaN" : "infinite") +
                       " (sums of squares are finite and non-negative)");
        }
        if (!m.entries.emplace(std::move(name), std::move(entry)).second) r.fail(who + ": duplicate name");
    }
    if (r.remaining() == 0) return m; // older files end after the entries
    m.chunkCount = r.i32("the trailer's chunk count");
    if (m.chunkCount < 0) r.fail("trailer: chunk count " + std::to_string(m.chunkCount) + " is negative");
    const int32_t datasetLen = r.i32("the trailer's dataset name length");
    if (datasetLen < 0) r.fail("trailer: dataset name length " + std::to_string(datasetLen) + " is negative");
    const uint8_t* ds = r.bytes(size_t(datasetLen), "the trailer's dataset name");
    m.dataset.assign(reinterpret_cast<const char*>(ds), size_t(datasetLen));
    if (r.remaining() != 0) r.fail(std::to_string(r.remaining()) + " unexpected bytes after the trailer");
    return m;
}

Imatrix readImatrix(const std::string& path) {
    MappedFile f(path);
    return parseImatrix(f.data(), f.size(), path);
}

std::vector<uint8_t> serializeImatrix(const Imatrix& m) {
    // Only what the reader (and llama-quantize) accepts is written.
    if (m.entries.empty()) throw Error("imatrix", "no entries to write");
    for (auto& [name, e] : m.entries)
        if (name.empty() || int64_t(name.size()) > kMaxNameLength || e.values.empty() || e.ncall < 0)
            throw Error("imatrix", "entry '" + name + "' cannot be written (empty name or values, or negative ncall)");
    std::vector<uint8_t> out;
    put32(out, int32_t(m.entries.size()));
    for (auto& [name, e] : m.entries) {
        put32(out, int32_t(name.size()));
        out.insert(out.end(), name.begin(), name.end());
        put32(out, e.ncall);
        put32(out, int32_t(e.values.size()));
        const auto* b = reinterpret_cast<const uint8_t*>(e.values.data());
        out.insert(out.end(), b, b + e.values.size() * 4);
    }
    put32(out, m.chunkCount);
    put32(out, int32_t(m.dataset.size()));
    out.insert(out.end(), m.dataset.begin(), m.dataset.end());
    return out;
}

void writeImatrix(const Imatrix& m, const std::string& path) {
    const auto bytes = serializeImatrix(m);
    AtomicFile f(path);
    f.write(bytes.data(), bytes.size());
    f.commit();
}

std::string imatrixDigest(const Imatrix& m) {
    const auto bytes = serializeImatrix(m);
    return Sha256::hex(bytes.data(), bytes.size());
}

} // namespace qs
