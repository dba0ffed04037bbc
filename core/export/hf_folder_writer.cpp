#include "core/export/hf_folder_writer.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/half.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace qs {
namespace {

namespace fs = std::filesystem;

// A staging folder that removes itself unless released.
struct StagingDir {
    std::string path;
    bool keep = false;
    explicit StagingDir(const std::string& target) {
        std::string pattern = target + ".tmp-XXXXXX";
        if (!::mkdtemp(pattern.data())) throw Error(target, std::string("cannot create a folder beside it: ") + std::strerror(errno));
        path = pattern;
        const mode_t mask = ::umask(0); // mkdtemp makes it private; give it a plain mkdir's permissions
        ::umask(mask);
        ::chmod(path.c_str(), 0777 & ~mask);
    }
    ~StagingDir() {
        std::error_code ec;
        if (!keep) fs::remove_all(path, ec);
    }
};

std::string shardName(size_t i, size_t n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "model-%05zu-of-%05zu.safetensors", i + 1, n);
    return buf;
}

void copyFileAtomic(const std::string& from, const std::string& to) {
    std::ifstream in(from, std::ios::binary);
    if (!in) throw Error(from, "cannot read");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    writeFileAtomic(to, bytes);
}

// Puts the finished staging folder at target, replacing an earlier folder there.
void swapInto(StagingDir& staging, const std::string& target) {
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_directory(target, ec)) throw Error(target, "exists and is not a folder");
    std::string old;
    if (fs::exists(target, ec)) {
        old = target + ".old-XXXXXX";
        if (!::mkdtemp(old.data())) throw Error(target, std::string("cannot replace: ") + std::strerror(errno));
        fs::remove(old, ec);
        if (std::rename(target.c_str(), old.c_str()) != 0) throw Error(target, std::string("cannot replace: ") + std::strerror(errno));
    }
    if (std::rename(staging.path.c_str(), target.c_str()) != 0) {
        const int err = errno;
        if (!old.empty()) std::rename(old.c_str(), target.c_str());
        throw Error(target, std::string("cannot move the finished folder into place: ") + std::strerror(err));
    }
    staging.keep = true;
    if (!old.empty()) fs::remove_all(old, ec);
}

} // namespace

const std::vector<std::string>& hfSideFiles() {
    static const std::vector<std::string> files = {"tokenizer.model", "tokenizer.json", "tokenizer_config.json",
                                                   "special_tokens_map.json", "added_tokens.json", "generation_config.json"};
    return files;
}

HfFolderWriter::HfFolderWriter(std::string outDir, uint64_t maxShardBytes)
    : outDir_(std::move(outDir)), maxShardBytes_(maxShardBytes) {}

void HfFolderWriter::add(const std::string& name, DType dtype, std::vector<int64_t> shape, const void* data, size_t bytes) {
    if (shards_.empty() || (!shards_.back().empty() && shards_.back().dataBytes() + bytes > maxShardBytes_)) {
        shards_.emplace_back();
        shards_.back().setMetadata({{"format", "pt"}});
    }
    shards_.back().add(name, dtype, std::move(shape), data, bytes);
}

void HfFolderWriter::addFloat(const std::string& name, DType dtype, std::vector<int64_t> shape, const std::vector<float>& v) {
    if (dtype == DType::F32) return add(name, dtype, std::move(shape), v.data(), v.size() * 4);
    if (dtype != DType::F16 && dtype != DType::BF16) throw Error(name, "cannot store as " + std::string(typeName(dtype)));
    std::vector<uint16_t> h(v.size());
    for (size_t i = 0; i < v.size(); ++i) h[i] = dtype == DType::F16 ? fp32ToFp16(v[i]) : fp32ToBf16(v[i]);
    add(name, dtype, std::move(shape), h.data(), h.size() * 2);
}

uint64_t HfFolderWriter::tensorBytes() const {
    uint64_t n = 0;
    for (auto& s : shards_) n += s.dataBytes();
    return n;
}

uint64_t HfFolderWriter::commit(const std::string& sourceDir) {
    StagingDir staging(outDir_);
    const fs::path dir(staging.path);
    uint64_t written = 0;
    auto size = [&](const fs::path& p) {
        std::error_code ec;
        written += fs::file_size(p, ec);
    };
    if (shards_.size() <= 1) {
        const SafetensorsWriter empty;
        (shards_.empty() ? empty : shards_[0]).write((dir / "model.safetensors").string());
        size(dir / "model.safetensors");
    } else {
        nlohmann::json map = nlohmann::json::object();
        for (size_t i = 0; i < shards_.size(); ++i) {
            const std::string name = shardName(i, shards_.size());
            shards_[i].write((dir / name).string());
            size(dir / name);
            for (auto& t : shards_[i].names()) map[t] = name;
        }
        nlohmann::json index = {{"metadata", {{"total_size", tensorBytes()}}}, {"weight_map", map}};
        writeFileAtomic((dir / "model.safetensors.index.json").string(), index.dump(2) + "\n");
    }
    for (auto& [file, value] : json_) writeFileAtomic((dir / file).string(), value.dump(2) + "\n");
    for (auto& file : hfSideFiles()) {
        std::error_code ec;
        if (!json_.count(file) && fs::is_regular_file(fs::path(sourceDir) / file, ec))
            copyFileAtomic((fs::path(sourceDir) / file).string(), (dir / file).string());
    }
    swapInto(staging, outDir_);
    return written;
}

} // namespace qs
