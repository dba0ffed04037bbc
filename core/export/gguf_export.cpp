#include "core/export/gguf_export.h"

#include "core/export/gguf_metadata.h"
#include "core/export/gguf_names.h"
#include "core/formats/gguf_writer.h"
#include "core/model/nonfinite.h"
#include "core/model/row_order.h"
#include "core/plan/llama_mixture.h"
#include "core/quant/error_accumulator.h"
#include "core/quant/kernels/dispatch.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/mapped_file.h"

#include <chrono>
#include <future>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace qs {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kChunkElements = 1 << 16; // rows are quantized in chunks of about this many weights
constexpr int64_t kSlabChunks = 64;         // chunks decoded and written together (bounded memory)

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

} // namespace

// Every entry must name a tensor and have one value per input column (llama-quantize aborts on the latter; a
// name that matches nothing usually means an imatrix of another model, so it is refused too).
std::vector<std::vector<float>> imatrixWeights(const Model& model, const Imatrix& m, const std::string& file) {
    std::vector<std::vector<float>> out(model.tensors().size());
    for (auto& [name, entry] : m.entries) {
        size_t idx = 0;
        while (idx < model.tensors().size() && !(isQuantizableWeight(model.tensors()[idx]) && ggufTensorName(model.tensors()[idx]) == name)) ++idx;
        if (idx == model.tensors().size()) throw Error(file, "entry '" + name + "' matches no weight of the model");
        const int64_t cols = model.tensors()[idx].cols();
        if (int64_t(entry.values.size()) != cols)
            throw Error(file, "entry '" + name + "' has " + std::to_string(entry.values.size()) + " values, but the tensor has " +
                                  std::to_string(cols) + " input columns");
        out[idx] = importanceWeights(entry);
    }
    return out;
}

namespace {

void storeMetrics(const ErrorAccumulator& e, TensorExportResult& r) {
    r.measured = true;
    r.error = toMetrics(e);
}

// Decodes, quantizes (with importances qw when not null) and optionally measures one tensor, writing its
// bytes to the file.
void writeTensor(const Model& model, const TensorInfo& t, DType type, const float* qw, bool measure, AtomicFile& file,
                 ThreadPool& pool, const CancelToken* cancel, Progress* progress, TensorExportResult& result) {
    const auto& out = traits(type);
    const int64_t rows = t.rows(), cols = t.cols();
    const int64_t outRow = rowBytes(out, cols);
    if (t.type == type && (model.format() == SourceFormat::Gguf || model.llamaCppPermutedHeads(t) == 0)) {
        file.write(t.data, size_t(t.bytes)); // same type and order: copy verbatim, exact by definition
        releasePages(t.data, size_t(t.bytes));
        result.measured = measure;
        if (measure) result.error = exactMetrics(rows * cols);
        if (progress) progress->advance(rows);
        return;
    }
    const KernelPair kernel = kernels(type); // SIMD where the CPU has it; bit-identical to the reference
    if (!kernel.fromFloat) throw Error(t.name, "no quantizer for type " + std::string(out.name));
    if (qw && !kernel.fromFloatWeighted) throw Error(t.name, "internal: no weighted quantizer for " + std::string(out.name));
    const bool canMeasure = measure && kernel.toFloat;
    const int64_t rowsPerChunk = std::max<int64_t>(1, kChunkElements / cols);
    const int64_t nChunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
    std::vector<ErrorAccumulator> chunkErrors(static_cast<size_t>(nChunks));
    // Two slabs: one is written to the file on a helper thread while the pool fills the other.
    std::vector<uint8_t> slabs[2];
    std::future<void> pendingWrite;
    for (int64_t c0 = 0, s = 0; c0 < nChunks; c0 += kSlabChunks, s ^= 1) {
        const int64_t c1 = std::min(nChunks, c0 + kSlabChunks);
        const int64_t slabRow0 = c0 * rowsPerChunk, slabRows = std::min(rows, c1 * rowsPerChunk) - slabRow0;
        auto& slab = slabs[s];
        slab.resize(size_t(slabRows * outRow));
        pool.parallelFor(c1 - c0, [&](int64_t k) {
            const int64_t chunk = c0 + k, r0 = chunk * rowsPerChunk, n = std::min(rows, r0 + rowsPerChunk) - r0;
            std::vector<float> src(size_t(n * cols));
            model.readRows(t, r0, n, src.data(), RowOrder::LlamaCpp);
            uint8_t* dst = slab.data() + (r0 - slabRow0) * outRow;
            for (int64_t r = 0; r < n; ++r) {
                if (qw) kernel.fromFloatWeighted(src.data() + r * cols, dst + r * outRow, cols, qw);
                else kernel.fromFloat(src.data() + r * cols, dst + r * outRow, cols);
            }
            if (canMeasure) {
                std::vector<float> rec(size_t(n * cols));
                kernel.toFloat(dst, rec.data(), n * cols);
                chunkErrors[size_t(chunk)].add(src.data(), rec.data(), n * cols);
            }
            if (progress) progress->advance(n);
        }, cancel);
        if (pendingWrite.valid()) pendingWrite.get(); // file order: the previous slab first
        pendingWrite = std::async(std::launch::async, [&file, &slab] { file.write(slab.data(), slab.size()); });
    }
    if (pendingWrite.valid()) pendingWrite.get();
    releasePages(t.data, size_t(t.bytes)); // done with the input: keep resident memory bounded
    if (canMeasure) {
        ErrorAccumulator total;
        for (auto& e : chunkErrors) total.merge(e); // fixed order: thread-count independent
        storeMetrics(total, result);
    }
}

// Writes precomputed block rows (HF order) in llama.cpp's row order and measures them like writeTensor.
void writePrecomputed(const Model& model, const TensorInfo& t, DType type, const std::vector<uint8_t>& blocks, bool measure,
                      AtomicFile& file, Progress* progress, TensorExportResult& result) {
    const auto& tr = traits(type);
    const int64_t rows = t.rows(), cols = t.cols(), rb = rowBytes(tr, cols);
    if (int64_t(blocks.size()) != rows * rb) throw Error(t.name, "internal: precomputed blocks have the wrong size");
    const int heads = model.llamaCppPermutedHeads(t);
    ErrorAccumulator err;
    std::vector<float> src(static_cast<size_t>(cols)), rec(static_cast<size_t>(cols));
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t hf = heads ? hfRowForLlamaCppRow(r, rows / heads) : r;
        file.write(blocks.data() + hf * rb, size_t(rb));
        if (measure) {
            model.readRows(t, hf, 1, src.data());
            kernels(type).toFloat(blocks.data() + hf * rb, rec.data(), cols);
            err.add(src.data(), rec.data(), cols);
        }
    }
    if (progress) progress->advance(rows);
    if (measure) storeMetrics(err, result);
}

} // namespace

GgufExportReport exportGguf(const Model& model, const std::vector<DType>& requested, const GgufExportOptions& options,
                            const std::string& outPath, ThreadPool& pool, const CancelToken* cancel, Progress* progress) {
    const auto t0 = Clock::now();
    const auto& tensors = model.tensors();
    if (requested.size() != tensors.size()) throw Error(outPath, "internal: one type per tensor expected");
    GgufExportReport report;
    report.output = outPath;
    report.threads = pool.size();

    GgufWriter writer;
    fillGgufMetadata(model, writer);
    finishQuantMetadata(writer, options.fileType);
    std::vector<std::vector<float>> importance;
    if (options.imatrix) {
        const std::string file = options.imatrixFile.empty() ? "imatrix" : options.imatrixFile;
        importance = imatrixWeights(model, *options.imatrix, file);
        addImatrixMetadata(writer, *options.imatrix, file);
    }
    std::vector<const float*> tensorWeights; // per report tensor: importances used, or null
    if (model.tokenizerModelPath().empty() && !model.gguf())
        report.warnings.push_back("no tokenizer.model: the GGUF has no vocabulary and llama.cpp will not load it");

    const auto order = llamaQuantizeOrder(model);
    int64_t totalRows = 0;
    for (size_t idx : order) {
        const auto& t = tensors[idx];
        TensorExportResult r;
        r.name = ggufTensorName(t);
        r.sourceName = t.name;
        r.sourceType = t.type;
        r.requestedType = requested[idx];
        r.shape = t.shape;
        r.params = t.params;
        DType type = requested[idx];
        if (DType fb = fallbackType(type, t.cols()); fb != type) {
            if (options.strictShapes)
                throw Error(t.name, "row length " + std::to_string(t.cols()) + " is not a multiple of the " +
                                        std::string(typeName(type)) + " block size");
            r.note = "row length " + std::to_string(t.cols()) + " does not fit " + std::string(typeName(type)) +
                     "; fell back to " + std::string(typeName(fb));
            report.warnings.push_back(r.name + ": " + r.note);
            type = fb;
        }
        if (type != t.type) { // converted tensors are checked; verbatim copies are not touched
            const auto bad = findNonFinite(model, t, &pool);
            releasePages(t.data, size_t(t.bytes)); // the scan must not keep the whole model resident
            if (bad) {
                const std::string where = "non-finite weight at row " + std::to_string(bad->row) + ", column " + std::to_string(bad->col);
                if (!options.keepGoingOnNonFinite) throw Error(t.name, where + " (use --keep-going to leave it unquantized)");
                r.note = where + "; kept as F32";
                report.warnings.push_back(r.name + ": " + r.note);
                type = DType::F32;
            }
        }
        r.type = type;
        const float* qw = nullptr;
        if (options.imatrix && type != t.type && kernels(type).fromFloatWeighted) { // Q8_0 and floats ignore it
            if (!importance[idx].empty()) qw = importance[idx].data();
            else report.warnings.push_back(r.name + ": no imatrix entry; quantized without importance weights");
        }
        r.imatrix = qw != nullptr;
        tensorWeights.push_back(qw);
        std::vector<int64_t> ne(t.shape.rbegin(), t.shape.rend());
        writer.addTensor(r.name, ne, type);
        r.bytes = writer.tensors().back().nbytes;
        report.tensors.push_back(std::move(r));
        totalRows += t.rows();
    }

    if (progress) progress->setStage("quantizing", totalRows);
    AtomicFile file(outPath);
    writer.write(file, [&](size_t i, AtomicFile& f) {
        const auto ts = Clock::now();
        auto& r = report.tensors[i];
        const auto* blocks = options.precomputed ? options.precomputed(order[i]) : nullptr;
        if (blocks && r.type == r.requestedType)
            writePrecomputed(model, tensors[order[i]], r.type, *blocks, options.measureError, f, progress, r);
        else
            writeTensor(model, tensors[order[i]], r.type, tensorWeights[i], options.measureError, f, pool, cancel, progress, r);
        r.seconds = secondsSince(ts);
    });
    report.fileBytes = file.tell();
    file.commit();
    for (auto& r : report.tensors) {
        report.totalParams += r.params;
        report.totalBytes += r.bytes;
    }
    report.seconds = secondsSince(t0);
    return report;
}

nlohmann::json toJson(const GgufExportReport& report) {
    nlohmann::json tensors = nlohmann::json::array();
    for (auto& r : report.tensors) {
        nlohmann::json j = {{"name", r.name},
                            {"source_name", r.sourceName},
                            {"source_type", typeName(r.sourceType)},
                            {"requested_type", typeName(r.requestedType)},
                            {"type", typeName(r.type)},
                            {"shape", r.shape},
                            {"params", r.params},
                            {"bytes", r.bytes},
                            {"bits_per_weight", r.bitsPerWeight()},
                            {"imatrix", r.imatrix},
                            {"seconds", r.seconds}};
        if (r.measured)
            j["error"] = toJson(r.error);
        if (!r.note.empty()) j["note"] = r.note;
        tensors.push_back(std::move(j));
    }
    return {{"output", report.output},
            {"tensors", tensors},
            {"warnings", report.warnings},
            {"total_params", report.totalParams},
            {"total_bytes", report.totalBytes},
            {"file_bytes", report.fileBytes},
            {"bits_per_weight", report.totalParams ? 8.0 * double(report.totalBytes) / double(report.totalParams) : 0.0},
            {"seconds", report.seconds},
            {"threads", report.threads}};
}

} // namespace qs
