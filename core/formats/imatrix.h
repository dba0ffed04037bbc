#pragma once
// llama.cpp's legacy importance-matrix file (imatrix.dat, formats.md §11.2): per weight tensor the summed
// squared activations of each input column, scaled to ncall. Read strictly: every malformed input is a
// qs::Error naming the file and the entry.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace qs {

struct ImatrixEntry {
    std::vector<float> values; // one per input column (ne[0]; ne[0]·n_expert for expert tensors), as stored
    int32_t ncall = 0;
};

struct Imatrix {
    std::map<std::string, ImatrixEntry> entries; // by GGUF tensor name ("blk.0.attn_q.weight")
    int32_t chunkCount = 0;                      // the trailer's last_call; 0 when the file has no trailer
    std::string dataset;                         // the trailer's dataset name (the -f argument of llama-imatrix)
};

// The importances llama-quantize uses for an entry: each stored value divided by ncall in f32 (§11.3).
std::vector<float> importanceWeights(const ImatrixEntry& entry);

Imatrix readImatrix(const std::string& path);
Imatrix parseImatrix(const uint8_t* data, size_t size, const std::string& subject);

// Entries are written in name order (llama.cpp's own order is a hash map's, so readers match by name).
std::vector<uint8_t> serializeImatrix(const Imatrix& m);
void writeImatrix(const Imatrix& m, const std::string& path); // atomic
// SHA-256 of the serialized form: equal for equal contents whatever the entry order of the file.
std::string imatrixDigest(const Imatrix& m);

} // namespace qs
