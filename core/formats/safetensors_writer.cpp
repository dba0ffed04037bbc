#include "core/formats/safetensors_writer.h"

#include "core/formats/safetensors.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

namespace qs {

void SafetensorsWriter::add(const std::string& name, DType dtype, std::vector<int64_t> shape, const void* data, size_t bytes) {
    if (safetensorsDtypeName(dtype).empty()) throw Error(name, "type " + std::string(typeName(dtype)) + " cannot be stored in safetensors");
    entries_.push_back({name, dtype, std::move(shape), std::string(static_cast<const char*>(data), bytes)});
}

void SafetensorsWriter::addF32(const std::string& name, std::vector<int64_t> shape, const std::vector<float>& values) {
    add(name, DType::F32, std::move(shape), values.data(), values.size() * sizeof(float));
}

std::string SafetensorsWriter::header() const {
    // nlohmann sorts object keys; safetensors readers must not rely on order, so that is fine.
    nlohmann::json header = nlohmann::json::object();
    if (!metadata_.empty()) header["__metadata__"] = metadata_;
    uint64_t offset = 0;
    for (auto& e : entries_) {
        header[e.name] = {{"dtype", safetensorsDtypeName(e.dtype)}, {"shape", e.shape}, {"data_offsets", {offset, offset + e.bytes.size()}}};
        offset += e.bytes.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string out;
    uint64_t n = text.size();
    out.append(reinterpret_cast<const char*>(&n), 8);
    return out + text;
}

std::string SafetensorsWriter::serialize() const {
    std::string out = header();
    for (auto& e : entries_) out += e.bytes;
    return out;
}

void SafetensorsWriter::write(const std::string& path) const {
    AtomicFile f(path); // streamed: the tensors are not copied into one buffer first
    const std::string h = header();
    f.write(h.data(), h.size());
    for (auto& e : entries_) f.write(e.bytes.data(), e.bytes.size());
    f.commit();
}

uint64_t SafetensorsWriter::dataBytes() const {
    uint64_t n = 0;
    for (auto& e : entries_) n += e.bytes.size();
    return n;
}

std::vector<std::string> SafetensorsWriter::names() const {
    std::vector<std::string> out;
    for (auto& e : entries_) out.push_back(e.name);
    return out;
}

} // namespace qs
