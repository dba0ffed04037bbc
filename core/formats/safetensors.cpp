#include "core/formats/safetensors.h"

#include "core/formats/json_strict.h"
#include "core/util/checked.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstring>

namespace qs {
namespace {

constexpr uint64_t kMaxHeaderSize = 100'000'000; // safetensors' MAX_HEADER_SIZE

struct DtypeName {
    std::string_view name;
    DType type;
};
constexpr DtypeName kDtypes[] = {
    {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16}, {"F64", DType::F64},
    {"I8", DType::I8},   {"I16", DType::I16}, {"I32", DType::I32},   {"I64", DType::I64},
    {"U8", DType::U8},   {"U16", DType::U16}, {"U32", DType::U32},   {"U64", DType::U64},
    {"BOOL", DType::BOOL},
};

} // namespace

std::optional<DType> safetensorsDtype(std::string_view s) {
    for (auto& d : kDtypes)
        if (d.name == s) return d.type;
    return std::nullopt;
}

std::string_view safetensorsDtypeName(DType t) {
    for (auto& d : kDtypes)
        if (d.type == t) return d.name;
    return {};
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->file_ = MappedFile(path);
    f->subject_ = path;
    f->parse(f->file_.data(), f->file_.size());
    return f;
}

void SafetensorsFile::parseForTest(const uint8_t* data, size_t size, const std::string& subject) {
    SafetensorsFile f;
    f.subject_ = subject;
    f.parse(data, size);
}

const SafetensorsTensor* SafetensorsFile::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

void SafetensorsFile::parse(const uint8_t* data, size_t size) {
    const std::string& s = subject_;
    if (size < 8) throw Error(s, "not a safetensors file: shorter than the 8-byte header length");
    uint64_t n = 0;
    std::memcpy(&n, data, 8);
    if (n > kMaxHeaderSize) throw Error(s, "safetensors header length " + std::to_string(n) + " exceeds the 100 MB limit");
    if (n > size - 8) throw Error(s, "safetensors header length " + std::to_string(n) + " runs past the end of the file");
    if (n == 0 || data[8] != '{') throw Error(s, "safetensors header does not start with '{'");
    std::string_view header(reinterpret_cast<const char*>(data + 8), n);
    // Trailing padding may only be spaces; nlohmann also accepts other whitespace, so trim ourselves.
    size_t last = header.find_last_not_of(' ');
    if (last == std::string_view::npos || header[last] != '}')
        throw Error(s, "safetensors header must be one JSON object followed only by spaces");
    auto j = parseJsonStrict(header.substr(0, last + 1), s);
    if (!j.is_object()) throw Error(s, "safetensors header is not a JSON object");
    bufferStart_ = 8 + n;
    const uint64_t bufferSize = size - bufferStart_;

    for (auto& [key, val] : j.items()) {
        if (key == "__metadata__") {
            if (!val.is_object()) throw Error(s, "__metadata__ is not an object");
            for (auto& [mk, mv] : val.items()) {
                if (!mv.is_string()) throw Error(s, "__metadata__ value '" + mk + "' is not a string");
                metadata_[mk] = mv.get<std::string>();
            }
            continue;
        }
        if (key.empty()) throw Error(s, "tensor with an empty name");
        if (!val.is_object() || val.size() != 3 || !val.contains("dtype") || !val.contains("shape") ||
            !val.contains("data_offsets"))
            throw Error(s, "tensor '" + key + "' must have exactly dtype, shape and data_offsets");
        const auto& jd = val["dtype"];
        const auto& js = val["shape"];
        const auto& jo = val["data_offsets"];
        if (!jd.is_string()) throw Error(s, "tensor '" + key + "': dtype is not a string");
        auto dt = safetensorsDtype(jd.get_ref<const std::string&>());
        if (!dt) throw Error(s, "tensor '" + key + "': unknown dtype '" + jd.get<std::string>() + "'");
        if (!js.is_array()) throw Error(s, "tensor '" + key + "': shape is not an array");
        if (!jo.is_array() || jo.size() != 2 || !jo[0].is_number_unsigned() || !jo[1].is_number_unsigned())
            throw Error(s, "tensor '" + key + "': data_offsets must be two non-negative integers");
        SafetensorsTensor t;
        t.name = key;
        t.dtype = *dt;
        uint64_t numel = 1;
        for (auto& d : js) {
            if (!d.is_number_unsigned()) throw Error(s, "tensor '" + key + "': shape entries must be non-negative integers");
            uint64_t v = d.get<uint64_t>();
            if (v > uint64_t(INT64_MAX) || !checkedMul(numel, v, numel))
                throw Error(s, "tensor '" + key + "': element count overflows");
            t.shape.push_back(int64_t(v));
        }
        t.begin = jo[0].get<uint64_t>();
        t.end = jo[1].get<uint64_t>();
        uint64_t bytes = 0;
        if (!checkedMul(numel, uint64_t(traits(t.dtype).bytesPerBlock), bytes))
            throw Error(s, "tensor '" + key + "': byte size overflows");
        if (t.end < t.begin || t.end - t.begin != bytes)
            throw Error(s, "tensor '" + key + "': data_offsets span " + std::to_string(t.end - t.begin) +
                               " bytes but shape and dtype need " + std::to_string(bytes));
        tensors_.push_back(std::move(t));
    }
    if (tensors_.size() != j.size() - (j.contains("__metadata__") ? 1 : 0))
        throw Error(s, "internal: tensor count mismatch");

    // Offsets must tile the byte buffer exactly: no holes, no overlaps.
    std::vector<size_t> order(tensors_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return std::pair(tensors_[a].begin, tensors_[a].end) < std::pair(tensors_[b].begin, tensors_[b].end);
    });
    uint64_t expected = 0;
    for (size_t i : order) {
        const auto& t = tensors_[i];
        if (t.begin != expected)
            throw Error(s, "tensor '" + t.name + "' starts at " + std::to_string(t.begin) + ", expected " +
                               std::to_string(expected) + (t.begin < expected ? " (overlap)" : " (hole)"));
        expected = t.end;
    }
    if (expected != bufferSize)
        throw Error(s, "tensor data covers " + std::to_string(expected) + " bytes but the file holds " +
                           std::to_string(bufferSize) + (expected < bufferSize ? " (trailing bytes)" : " (truncated)"));
    for (size_t i = 0; i < tensors_.size(); ++i) index_[tensors_[i].name] = i;
}

} // namespace qs
