#include "core/formats/gguf.h"

#include "core/util/checked.h"
#include "core/util/error.h"
#include "core/util/utf8.h"

#include <cstring>
#include <stdexcept>

namespace qs {
namespace {

constexpr uint32_t kMagic = 0x46554747; // "GGUF" little-endian
constexpr int kMaxArrayDepth = 8;
constexpr size_t kMaxNameLength = 63;   // GGML_MAX_NAME - 1
constexpr uint64_t kMaxKeyLength = 65535;

// Bounds-checked little-endian cursor over the mapped bytes.
class Cursor {
public:
    Cursor(const uint8_t* data, size_t size, const std::string& subject) : p_(data), size_(size), s_(subject) {}

    size_t pos() const { return pos_; }
    size_t remaining() const { return size_ - pos_; }

    template <typename T> T read(const char* what) {
        if (remaining() < sizeof(T)) truncated(what);
        T v;
        std::memcpy(&v, p_ + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    std::string readString(const char* what, uint64_t maxLength) {
        uint64_t n = read<uint64_t>(what);
        if (n > remaining()) truncated(what);
        if (n > maxLength) throw Error(s_, std::string(what) + " is " + std::to_string(n) + " bytes long (limit " + std::to_string(maxLength) + ")");
        std::string out(reinterpret_cast<const char*>(p_ + pos_), size_t(n));
        pos_ += size_t(n);
        return out;
    }
    [[noreturn]] void truncated(const char* what) const {
        throw Error(s_, std::string("file truncated while reading ") + what + " at byte " + std::to_string(pos_));
    }

private:
    const uint8_t* p_;
    size_t size_;
    size_t pos_ = 0;
    const std::string& s_;
};

size_t minEncodedSize(GgufType t) {
    switch (t) {
    case GgufType::U8: case GgufType::I8: case GgufType::BOOL: return 1;
    case GgufType::U16: case GgufType::I16: return 2;
    case GgufType::U32: case GgufType::I32: case GgufType::F32: return 4;
    case GgufType::U64: case GgufType::I64: case GgufType::F64: case GgufType::STRING: return 8;
    case GgufType::ARRAY: return 12;
    }
    return 1;
}

bool validType(uint32_t t) { return t <= 12; }

GgufValue readValue(Cursor& c, GgufType type, int depth, const std::string& s) {
    GgufValue v;
    v.type = type;
    switch (type) {
    case GgufType::U8: v.u = c.read<uint8_t>("a value"); break;
    case GgufType::I8: v.i = c.read<int8_t>("a value"); break;
    case GgufType::U16: v.u = c.read<uint16_t>("a value"); break;
    case GgufType::I16: v.i = c.read<int16_t>("a value"); break;
    case GgufType::U32: v.u = c.read<uint32_t>("a value"); break;
    case GgufType::I32: v.i = c.read<int32_t>("a value"); break;
    case GgufType::U64: v.u = c.read<uint64_t>("a value"); break;
    case GgufType::I64: v.i = c.read<int64_t>("a value"); break;
    case GgufType::F32: v.f = c.read<float>("a value"); break;
    case GgufType::F64: v.f = c.read<double>("a value"); break;
    case GgufType::BOOL: v.u = c.read<uint8_t>("a value") != 0; break;
    case GgufType::STRING: v.s = c.readString("a string value", UINT64_MAX); break;
    case GgufType::ARRAY: {
        if (depth >= kMaxArrayDepth) throw Error(s, "arrays nested deeper than " + std::to_string(kMaxArrayDepth));
        uint32_t et = c.read<uint32_t>("an array type");
        if (!validType(et)) throw Error(s, "unknown array element type " + std::to_string(et) + " at byte " + std::to_string(c.pos() - 4));
        uint64_t n = c.read<uint64_t>("an array length");
        v.elemType = GgufType(et);
        // Every element needs at least minEncodedSize bytes: this caps the allocation by the file size.
        if (n > c.remaining() / minEncodedSize(v.elemType))
            throw Error(s, "array of " + std::to_string(n) + " elements does not fit in the file");
        v.items.reserve(size_t(n));
        for (uint64_t k = 0; k < n; ++k) v.items.push_back(readValue(c, v.elemType, depth + 1, s));
        break;
    }
    }
    return v;
}

} // namespace

std::string_view ggufTypeName(GgufType t) {
    static constexpr std::string_view names[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32",
                                                 "bool", "string", "array", "u64", "i64", "f64"};
    return uint32_t(t) <= 12 ? names[uint32_t(t)] : "?";
}

bool GgufValue::isInteger() const {
    switch (type) {
    case GgufType::U8: case GgufType::I8: case GgufType::U16: case GgufType::I16: case GgufType::U32:
    case GgufType::I32: case GgufType::U64: case GgufType::I64: case GgufType::BOOL: return true;
    default: return false;
    }
}

int64_t GgufValue::asInt() const {
    switch (type) {
    case GgufType::U8: case GgufType::U16: case GgufType::U32: case GgufType::U64: case GgufType::BOOL: return int64_t(u);
    case GgufType::I8: case GgufType::I16: case GgufType::I32: case GgufType::I64: return i;
    default: throw std::logic_error("GGUF value is not an integer");
    }
}

double GgufValue::asDouble() const {
    if (type == GgufType::F32 || type == GgufType::F64) return f;
    return double(asInt());
}

std::string GgufValue::summary(size_t maxItems) const {
    switch (type) {
    case GgufType::STRING: return s.size() > 80 ? "\"" + s.substr(0, 77) + "...\"" : "\"" + s + "\"";
    case GgufType::F32: case GgufType::F64: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.9g", f);
        return buf;
    }
    case GgufType::BOOL: return u ? "true" : "false";
    case GgufType::ARRAY: {
        std::string out = "[" + std::string(ggufTypeName(elemType)) + " x " + std::to_string(items.size()) + "]";
        if (!items.empty()) {
            out += " ";
            for (size_t k = 0; k < items.size() && k < maxItems; ++k) out += (k ? ", " : "") + items[k].summary(2);
            if (items.size() > maxItems) out += ", ...";
        }
        return out;
    }
    default: return std::to_string(asInt());
    }
}

int64_t GgufTensorInfo::numel() const {
    int64_t n = 1;
    for (auto d : ne) n *= d;
    return n;
}

std::shared_ptr<GgufFile> GgufFile::open(const std::string& path) {
    std::shared_ptr<GgufFile> g(new GgufFile());
    g->file_ = MappedFile(path);
    g->subject_ = path;
    g->data_ = g->file_.data();
    g->size_ = g->file_.size();
    g->parseAll();
    return g;
}

std::shared_ptr<GgufFile> GgufFile::parse(const uint8_t* data, size_t size, const std::string& subject) {
    std::shared_ptr<GgufFile> g(new GgufFile());
    g->subject_ = subject;
    g->data_ = data;
    g->size_ = size;
    g->parseAll();
    return g;
}

void GgufFile::parseAll() {
    const std::string& s = subject_;
    Cursor c(data_, size_, s);
    if (size_ < 4 || c.read<uint32_t>("the magic") != kMagic) throw Error(s, "not a GGUF file (bad magic)");
    version_ = c.read<uint32_t>("the version");
    if (version_ == 1) throw Error(s, "GGUF version 1 is obsolete and not supported");
    if (version_ != 2 && version_ != 3) {
        if ((version_ & 0xffff) == 0) throw Error(s, "big-endian GGUF files are not supported");
        throw Error(s, "unsupported GGUF version " + std::to_string(version_));
    }
    uint64_t nTensors = c.read<uint64_t>("the tensor count");
    uint64_t nKv = c.read<uint64_t>("the metadata count");
    // A key-value pair needs >= 13 bytes and a tensor info >= 28: reject counts the file cannot hold.
    if (nKv > c.remaining() / 13) throw Error(s, "metadata count " + std::to_string(nKv) + " is larger than the file can hold");
    if (nTensors > c.remaining() / 28) throw Error(s, "tensor count " + std::to_string(nTensors) + " is larger than the file can hold");

    kv_.reserve(size_t(nKv));
    for (uint64_t k = 0; k < nKv; ++k) {
        std::string key = c.readString("a metadata key", kMaxKeyLength);
        if (key.empty()) throw Error(s, "empty metadata key");
        if (!isValidUtf8(key)) throw Error(s, "metadata key #" + std::to_string(k) + " is not valid UTF-8");
        uint32_t t = c.read<uint32_t>("a value type");
        if (!validType(t)) throw Error(s, "metadata '" + key + "' has unknown value type " + std::to_string(t));
        GgufValue v = readValue(c, GgufType(t), 0, s);
        if (!kvIndex_.emplace(key, kv_.size()).second) throw Error(s, "duplicate metadata key '" + key + "'");
        kv_.emplace_back(std::move(key), std::move(v));
    }
    if (auto* a = find("general.alignment")) {
        if (a->type != GgufType::U32) throw Error(s, "general.alignment must be a u32");
        if (a->u == 0 || (a->u & (a->u - 1)) != 0) throw Error(s, "general.alignment " + std::to_string(a->u) + " is not a power of two");
        alignment_ = a->u;
    }

    tensors_.reserve(size_t(nTensors));
    uint64_t expectedOffset = 0;
    for (uint64_t k = 0; k < nTensors; ++k) {
        GgufTensorInfo t;
        t.name = c.readString("a tensor name", 1u << 16);
        if (t.name.empty()) throw Error(s, "tensor #" + std::to_string(k) + " has an empty name");
        if (!isValidUtf8(t.name)) throw Error(s, "tensor #" + std::to_string(k) + " name is not valid UTF-8");
        if (t.name.size() > kMaxNameLength) throw Error(s, "tensor name '" + t.name.substr(0, 40) + "...' is longer than 63 bytes");
        uint32_t nDims = c.read<uint32_t>("a tensor's dimension count");
        if (nDims < 1 || nDims > 4) throw Error(s, "tensor '" + t.name + "' has " + std::to_string(nDims) + " dimensions (1-4 allowed)");
        uint64_t numel = 1;
        for (uint32_t d = 0; d < nDims; ++d) {
            uint64_t v = c.read<uint64_t>("a tensor dimension");
            if (v > uint64_t(INT64_MAX) || !checkedMul(numel, v, numel) || numel > uint64_t(INT64_MAX))
                throw Error(s, "tensor '" + t.name + "' element count overflows");
            t.ne.push_back(int64_t(v));
        }
        uint32_t typeId = c.read<uint32_t>("a tensor type");
        auto dt = dtypeFromGgmlId(typeId);
        if (!dt) throw Error(s, "tensor '" + t.name + "' has unsupported ggml type id " + std::to_string(typeId));
        t.type = *dt;
        const auto& tr = traits(t.type);
        if (t.ne[0] % tr.blockSize != 0)
            throw Error(s, "tensor '" + t.name + "' row length " + std::to_string(t.ne[0]) + " is not a multiple of the " +
                               std::string(tr.name) + " block size " + std::to_string(tr.blockSize));
        t.nbytes = numel / uint64_t(tr.blockSize) * uint64_t(tr.bytesPerBlock); // cannot overflow: bytesPerBlock <= 8*blockSize+...
        if (t.nbytes / uint64_t(tr.bytesPerBlock) != numel / uint64_t(tr.blockSize))
            throw Error(s, "tensor '" + t.name + "' byte size overflows");
        t.offset = c.read<uint64_t>("a tensor offset");
        if (t.offset != expectedOffset)
            throw Error(s, "tensor '" + t.name + "' data offset " + std::to_string(t.offset) + " should be " +
                               std::to_string(expectedOffset) + " (tensors must be contiguous and aligned)");
        uint64_t padded = (t.nbytes + alignment_ - 1) / alignment_ * alignment_;
        if (padded < t.nbytes || !checkedAdd(expectedOffset, padded, expectedOffset))
            throw Error(s, "tensor '" + t.name + "' offsets overflow");
        if (!tensorIndex_.emplace(t.name, tensors_.size()).second) throw Error(s, "duplicate tensor name '" + t.name + "'");
        tensors_.push_back(std::move(t));
    }
    dataStart_ = (c.pos() + alignment_ - 1) / alignment_ * alignment_;
    for (auto& t : tensors_) {
        uint64_t end = 0;
        if (!checkedAdd(dataStart_, t.offset, end) || !checkedAdd(end, t.nbytes, end) || end > size_)
            throw Error(s, "tensor '" + t.name + "' data runs past the end of the file (truncated?)");
    }
}

const GgufValue* GgufFile::find(const std::string& key) const {
    auto it = kvIndex_.find(key);
    return it == kvIndex_.end() ? nullptr : &kv_[it->second].second;
}

const GgufTensorInfo* GgufFile::findTensor(const std::string& name) const {
    auto it = tensorIndex_.find(name);
    return it == tensorIndex_.end() ? nullptr : &tensors_[it->second];
}

std::string GgufFile::getString(const std::string& key) const {
    auto* v = find(key);
    if (!v) throw Error(subject_, "missing metadata key '" + key + "'");
    if (v->type != GgufType::STRING) throw Error(subject_, "metadata '" + key + "' is not a string");
    return v->s;
}

int64_t GgufFile::getInt(const std::string& key) const {
    auto* v = find(key);
    if (!v) throw Error(subject_, "missing metadata key '" + key + "'");
    if (!v->isInteger()) throw Error(subject_, "metadata '" + key + "' is not an integer");
    return v->asInt();
}

double GgufFile::getDouble(const std::string& key) const {
    auto* v = find(key);
    if (!v) throw Error(subject_, "missing metadata key '" + key + "'");
    if (!v->isNumber()) throw Error(subject_, "metadata '" + key + "' is not a number");
    return v->asDouble();
}

} // namespace qs
