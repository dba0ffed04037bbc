#pragma once
// GGUF v3 writer (formats.md §3): metadata and tensor infos first, then tensor data streamed in the
// declared order, each padded to the alignment. Never writes nested or empty arrays.
#include "core/formats/gguf.h"
#include "core/util/atomic_file.h"

#include <functional>
#include <string>
#include <vector>

namespace qs {

class GgufWriter {
public:
    void set(const std::string& key, GgufValue value); // replaces an existing key in place
    void setString(const std::string& key, std::string v);
    void setU32(const std::string& key, uint32_t v);
    void setI32(const std::string& key, int32_t v);
    void setF32(const std::string& key, float v);
    void setBool(const std::string& key, bool v);
    void remove(const std::string& key);
    const GgufValue* find(const std::string& key) const;

    // Declares a tensor; ne is innermost first. Its bytes are supplied later, in declaration order.
    void addTensor(const std::string& name, std::vector<int64_t> ne, DType type);
    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
    // Changes a declared tensor's type; later tensors' offsets move accordingly.
    void setTensorType(size_t index, DType type);

    // Writes the header and then, for each tensor in order, calls produce(i, file) which must
    // write exactly tensors()[i].nbytes bytes; padding is added here.
    void write(AtomicFile& file, const std::function<void(size_t, AtomicFile&)>& produce) const;
    // Whole file in memory (tests): data[i] holds tensor i's bytes.
    std::string serialize(const std::vector<std::string>& data) const;

    uint64_t alignment() const { return alignment_; }

private:
    std::string header() const;
    std::vector<std::pair<std::string, GgufValue>> kv_;
    std::vector<GgufTensorInfo> tensors_;
    uint64_t alignment_ = 32;
};

// Value helpers.
GgufValue ggufString(std::string s);
GgufValue ggufU32(uint32_t v);
GgufValue ggufF32(float v);
GgufValue ggufStringArray(const std::vector<std::string>& items);
GgufValue ggufF32Array(const std::vector<float>& items);
GgufValue ggufI32Array(const std::vector<int32_t>& items);

} // namespace qs
