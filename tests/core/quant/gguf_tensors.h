#pragma once
// Minimal GGUF tensor lister for the kernel tests (header-only; not a validating reader).
// TODO: switch to core/formats/gguf.h once the real reader is on main.
#include "core/quant/types.h"
#include "core/util/mapped_file.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace qs::test {

struct GgufTensor {
    std::string name;
    std::vector<int64_t> ne; // innermost first
    DType type;
    const uint8_t* data;
    int64_t nbytes;
    int64_t rowLength() const { return ne.empty() ? 0 : ne[0]; }
    int64_t rows() const {
        int64_t r = 1;
        for (size_t i = 1; i < ne.size(); ++i) r *= ne[i];
        return r;
    }
};

class GgufTensors {
public:
    explicit GgufTensors(const std::string& path) : file_(path) {
        pos_ = 0;
        if (take<uint32_t>() != 0x46554747u) throw std::runtime_error(path + ": not GGUF");
        const uint32_t version = take<uint32_t>();
        if (version != 2 && version != 3) throw std::runtime_error(path + ": unsupported GGUF version");
        const uint64_t nTensors = take<uint64_t>(), nKv = take<uint64_t>();
        uint64_t alignment = 32;
        for (uint64_t i = 0; i < nKv; ++i) {
            const std::string key = takeString();
            const uint32_t type = take<uint32_t>();
            if (key == "general.alignment" && type == 4) alignment = take<uint32_t>();
            else skipValue(type);
        }
        struct Raw { GgufTensor t; uint64_t offset; };
        std::vector<Raw> raw;
        for (uint64_t i = 0; i < nTensors; ++i) {
            Raw r;
            r.t.name = takeString();
            const uint32_t nd = take<uint32_t>();
            for (uint32_t d = 0; d < nd; ++d) r.t.ne.push_back(int64_t(take<uint64_t>()));
            const auto dt = dtypeFromGgmlId(take<uint32_t>());
            if (!dt) throw std::runtime_error(path + ": unknown tensor type");
            r.t.type = *dt;
            r.offset = take<uint64_t>();
            const auto& tr = traits(r.t.type);
            r.t.nbytes = rowBytes(tr, r.t.rowLength()) * r.t.rows();
            raw.push_back(std::move(r));
        }
        const uint64_t dataStart = (pos_ + alignment - 1) / alignment * alignment;
        for (auto& r : raw) {
            if (dataStart + r.offset + uint64_t(r.t.nbytes) > file_.size())
                throw std::runtime_error(path + ": tensor out of file");
            r.t.data = file_.data() + dataStart + r.offset;
            tensors_.push_back(std::move(r.t));
        }
    }
    const std::vector<GgufTensor>& tensors() const { return tensors_; }
    const GgufTensor* find(const std::string& name) const {
        for (auto& t : tensors_)
            if (t.name == name) return &t;
        return nullptr;
    }

private:
    template <class T> T take() {
        if (pos_ + sizeof(T) > file_.size()) throw std::runtime_error(file_.path() + ": truncated");
        T v;
        std::memcpy(&v, file_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    std::string takeString() {
        const uint64_t n = take<uint64_t>();
        if (pos_ + n > file_.size()) throw std::runtime_error(file_.path() + ": truncated");
        std::string s(reinterpret_cast<const char*>(file_.data() + pos_), size_t(n));
        pos_ += n;
        return s;
    }
    void skipValue(uint32_t type) {
        static const int sizes[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
        if (type == 8) {
            takeString();
        } else if (type == 9) {
            const uint32_t et = take<uint32_t>();
            const uint64_t n = take<uint64_t>();
            for (uint64_t i = 0; i < n; ++i) skipValue(et);
        } else if (type < 13) {
            pos_ += uint64_t(sizes[type]);
        } else {
            throw std::runtime_error(file_.path() + ": bad KV type");
        }
    }
    MappedFile file_;
    uint64_t pos_ = 0;
    std::vector<GgufTensor> tensors_;
};

// The tensor's elements as f32 (F16/BF16/F32 storage only; quantized storage via the type table).
inline std::vector<float> tensorAsFloat(const GgufTensor& t) {
    std::vector<float> out(size_t(t.rowLength() * t.rows()));
    traits(t.type).toFloat(t.data, out.data(), int64_t(out.size()));
    return out;
}

} // namespace qs::test
