#include "core/formats/gguf_writer.h"

#include "core/util/error.h"

#include <cstring>

namespace qs {
namespace {

template <typename T> void put(std::string& out, T v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void putString(std::string& out, const std::string& s) {
    put<uint64_t>(out, s.size());
    out += s;
}

void putValue(std::string& out, const GgufValue& v) {
    switch (v.type) {
    case GgufType::U8: put<uint8_t>(out, uint8_t(v.u)); break;
    case GgufType::I8: put<int8_t>(out, int8_t(v.i)); break;
    case GgufType::U16: put<uint16_t>(out, uint16_t(v.u)); break;
    case GgufType::I16: put<int16_t>(out, int16_t(v.i)); break;
    case GgufType::U32: put<uint32_t>(out, uint32_t(v.u)); break;
    case GgufType::I32: put<int32_t>(out, int32_t(v.i)); break;
    case GgufType::U64: put<uint64_t>(out, v.u); break;
    case GgufType::I64: put<int64_t>(out, v.i); break;
    case GgufType::F32: put<float>(out, float(v.f)); break;
    case GgufType::F64: put<double>(out, v.f); break;
    case GgufType::BOOL: put<uint8_t>(out, v.u ? 1 : 0); break;
    case GgufType::STRING: putString(out, v.s); break;
    case GgufType::ARRAY:
        if (v.elemType == GgufType::ARRAY) throw Error("gguf writer", "nested arrays are not written");
        if (v.items.empty()) throw Error("gguf writer", "empty arrays are not written");
        put<uint32_t>(out, uint32_t(v.elemType));
        put<uint64_t>(out, v.items.size());
        for (auto& item : v.items) putValue(out, item);
        break;
    }
}

uint64_t pad(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

} // namespace

GgufValue ggufString(std::string s) {
    GgufValue v;
    v.type = GgufType::STRING;
    v.s = std::move(s);
    return v;
}
GgufValue ggufU32(uint32_t x) {
    GgufValue v;
    v.type = GgufType::U32;
    v.u = x;
    return v;
}
GgufValue ggufF32(float x) {
    GgufValue v;
    v.type = GgufType::F32;
    v.f = x;
    return v;
}
GgufValue ggufStringArray(const std::vector<std::string>& items) {
    GgufValue v;
    v.type = GgufType::ARRAY;
    v.elemType = GgufType::STRING;
    for (auto& s : items) v.items.push_back(ggufString(s));
    return v;
}
GgufValue ggufF32Array(const std::vector<float>& items) {
    GgufValue v;
    v.type = GgufType::ARRAY;
    v.elemType = GgufType::F32;
    for (float x : items) v.items.push_back(ggufF32(x));
    return v;
}
GgufValue ggufI32Array(const std::vector<int32_t>& items) {
    GgufValue v;
    v.type = GgufType::ARRAY;
    v.elemType = GgufType::I32;
    for (int32_t x : items) {
        GgufValue e;
        e.type = GgufType::I32;
        e.i = x;
        v.items.push_back(e);
    }
    return v;
}

void GgufWriter::set(const std::string& key, GgufValue value) {
    if (key == "general.alignment") alignment_ = value.u;
    for (auto& [k, v] : kv_)
        if (k == key) {
            v = std::move(value);
            return;
        }
    kv_.emplace_back(key, std::move(value));
}
void GgufWriter::setString(const std::string& key, std::string v) { set(key, ggufString(std::move(v))); }
void GgufWriter::setU32(const std::string& key, uint32_t v) { set(key, ggufU32(v)); }
void GgufWriter::setI32(const std::string& key, int32_t x) {
    GgufValue v;
    v.type = GgufType::I32;
    v.i = x;
    set(key, v);
}
void GgufWriter::setF32(const std::string& key, float v) { set(key, ggufF32(v)); }
void GgufWriter::setBool(const std::string& key, bool b) {
    GgufValue v;
    v.type = GgufType::BOOL;
    v.u = b;
    set(key, v);
}
void GgufWriter::remove(const std::string& key) {
    std::erase_if(kv_, [&](auto& p) { return p.first == key; });
}
const GgufValue* GgufWriter::find(const std::string& key) const {
    for (auto& [k, v] : kv_)
        if (k == key) return &v;
    return nullptr;
}

void GgufWriter::addTensor(const std::string& name, std::vector<int64_t> ne, DType type) {
    // ggml_n_dims semantics: trailing dimensions of size 1 are dropped (at least one remains).
    while (ne.size() > 1 && ne.back() == 1) ne.pop_back();
    GgufTensorInfo t;
    t.name = name;
    t.ne = std::move(ne);
    tensors_.push_back(std::move(t));
    setTensorType(tensors_.size() - 1, type);
}

void GgufWriter::setTensorType(size_t index, DType type) {
    auto& t = tensors_.at(index);
    const auto& tr = traits(type);
    if (!tr.inGguf) throw Error(t.name, "type " + std::string(tr.name) + " has no GGUF id");
    if (t.ne.empty() || t.ne[0] % tr.blockSize != 0)
        throw Error(t.name, "row length is not a multiple of the " + std::string(tr.name) + " block size");
    t.type = type;
    t.nbytes = uint64_t(t.numel() / tr.blockSize * tr.bytesPerBlock);
    for (size_t i = index; i < tensors_.size(); ++i)
        tensors_[i].offset = i == 0 ? 0 : pad(tensors_[i - 1].offset + tensors_[i - 1].nbytes, alignment_);
}

std::string GgufWriter::header() const {
    std::string out;
    put<uint32_t>(out, 0x46554747);
    put<uint32_t>(out, 3);
    put<uint64_t>(out, tensors_.size());
    put<uint64_t>(out, kv_.size());
    for (auto& [k, v] : kv_) {
        putString(out, k);
        put<uint32_t>(out, uint32_t(v.type));
        putValue(out, v);
    }
    for (auto& t : tensors_) {
        putString(out, t.name);
        put<uint32_t>(out, uint32_t(t.ne.size()));
        for (auto d : t.ne) put<uint64_t>(out, uint64_t(d));
        put<uint32_t>(out, uint32_t(t.type));
        put<uint64_t>(out, t.offset);
    }
    out.append(pad(out.size(), alignment_) - out.size(), '\0');
    return out;
}

void GgufWriter::write(AtomicFile& file, const std::function<void(size_t, AtomicFile&)>& produce) const {
    const std::string h = header();
    file.write(h.data(), h.size());
    const uint64_t dataStart = h.size();
    for (size_t i = 0; i < tensors_.size(); ++i) {
        const auto& t = tensors_[i];
        produce(i, file);
        if (file.tell() != dataStart + t.offset + t.nbytes)
            throw Error(file.path(), "internal: tensor '" + t.name + "' wrote the wrong number of bytes");
        file.writeZeros(size_t(pad(t.nbytes, alignment_) - t.nbytes));
    }
}

std::string GgufWriter::serialize(const std::vector<std::string>& data) const {
    std::string out = header();
    for (size_t i = 0; i < tensors_.size(); ++i) {
        out += data.at(i);
        out.append(size_t(pad(tensors_[i].nbytes, alignment_) - tensors_[i].nbytes), '\0');
    }
    return out;
}

} // namespace qs
