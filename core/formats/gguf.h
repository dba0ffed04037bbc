#pragma once
// GGUF v2/v3 reader (formats.md §3): metadata of every value type (nested arrays too), tensor infos,
// alignment and data offsets, all validated. Memory-mapped; tensor data is never copied.
#include "core/quant/types.h"
#include "core/util/mapped_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace qs {

enum class GgufType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, BOOL = 7,
    STRING = 8, ARRAY = 9, U64 = 10, I64 = 11, F64 = 12,
};
std::string_view ggufTypeName(GgufType t);

struct GgufValue {
    GgufType type = GgufType::U8;
    // Exactly one of these is meaningful, chosen by type.
    uint64_t u = 0;    // unsigned integers and bool
    int64_t i = 0;     // signed integers
    double f = 0;      // F32 / F64
    std::string s;     // STRING
    GgufType elemType = GgufType::U8;  // ARRAY
    std::vector<GgufValue> items;      // ARRAY

    bool isInteger() const;
    bool isNumber() const { return isInteger() || type == GgufType::F32 || type == GgufType::F64; }
    int64_t asInt() const;   // integer types (and bool); throws std::logic_error otherwise
    double asDouble() const; // any number
    // Short human-readable form; arrays show their length and first items.
    std::string summary(size_t maxItems = 8) const;
};

struct GgufTensorInfo {
    std::string name;
    std::vector<int64_t> ne; // innermost first: ne[0] is the row length
    DType type;
    uint64_t offset = 0;     // relative to the data section
    uint64_t nbytes = 0;
    int64_t numel() const;
};

class GgufFile {
public:
    static std::shared_ptr<GgufFile> open(const std::string& path);
    // Parses bytes held elsewhere (tests, fuzzer); the bytes must outlive the object.
    static std::shared_ptr<GgufFile> parse(const uint8_t* data, size_t size, const std::string& subject);

    const std::string& path() const { return subject_; }
    uint32_t version() const { return version_; }
    uint64_t alignment() const { return alignment_; }
    uint64_t dataStart() const { return dataStart_; }
    const std::vector<std::pair<std::string, GgufValue>>& metadata() const { return kv_; }
    const GgufValue* find(const std::string& key) const;
    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
    const GgufTensorInfo* findTensor(const std::string& name) const;
    const uint8_t* tensorData(const GgufTensorInfo& t) const { return data_ + dataStart_ + t.offset; }

    // Typed metadata getters; throw qs::Error naming the file when the key is missing or mistyped.
    std::string getString(const std::string& key) const;
    int64_t getInt(const std::string& key) const;
    double getDouble(const std::string& key) const;

private:
    GgufFile() = default;
    void parseAll();

    MappedFile file_;
    std::string subject_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
    uint32_t version_ = 0;
    uint64_t alignment_ = 32;
    uint64_t dataStart_ = 0;
    std::vector<std::pair<std::string, GgufValue>> kv_;
    std::map<std::string, size_t> kvIndex_;
    std::vector<GgufTensorInfo> tensors_;
    std::map<std::string, size_t> tensorIndex_;
};

} // namespace qs
