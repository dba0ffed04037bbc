// bench quant: quantize/dequantize throughput per GGUF type at 1 and all threads, against the same run's
// streaming-read and memcpy bandwidth (targets from issue 3 and issue-notes.md).
#include "app/cli/bench.h"
#include "app/cli/table.h"
#include "core/quant/kernel_bench.h"
#include "core/util/thread_pool.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

namespace qs::cli {
namespace {

bool isKType(DType t) { return t == DType::Q2_K || t == DType::Q3_K || t == DType::Q4_K || t == DType::Q5_K || t == DType::Q6_K; }

int run(Args& args) {
    args.accept({"rows", "cols", "threads", "repeats"}, {"json", "all-isas"});
    const int64_t rows = args.integer("rows", 4096, 1, 1 << 20), cols = args.integer("cols", 11008, 256, 1 << 20);
    const int allThreads = int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024));
    const int repeats = int(args.integer("repeats", 3, 1, 100));
    std::vector<float> x(size_t(rows * cols));
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.0f, 0.02f);
    for (auto& v : x) v = normal(rng);
    for (int64_t r = 0; r < rows; ++r) x[size_t(r * cols + (r * 7919) % cols)] *= 20; // a few outliers

    const std::vector<DType> types = {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0,
                                      DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K};
    std::vector<SimdIsa> isas = {activeSimd()};
    if (args.flag("all-isas")) isas = {SimdIsa::Scalar, SimdIsa::Avx2, SimdIsa::Avx512};
    const double f32Bytes = double(x.size()) * 4;

    nlohmann::json out = {{"matrix", {rows, cols}}, {"threads", allThreads}, {"active_isa", simdName(activeSimd())}};
    struct Baseline { double read, copy; };
    std::vector<Baseline> base;
    std::vector<std::vector<KernelTiming>> timings;
    std::vector<std::vector<GridTiming>> gridTimings;
    std::vector<QuantSpec> gridSpecs;
    for (const char* text : {"rtn:4:g128:asym", "rtn:4:g128:sym", "rtn:3:g128:asym", "rtn:2:g64:asym", "rtn:8:channel:sym", "nf4"})
        gridSpecs.push_back(QuantSpec::parse(text));
    const std::vector<int> threadCounts = allThreads == 1 ? std::vector<int>{1} : std::vector<int>{1, allThreads};
    for (int threads : threadCounts) {
        KernelBenchOptions o{repeats, threads};
        base.push_back({benchReadGBps(int64_t(f32Bytes), o), benchMemcpyGBps(int64_t(f32Bytes), o)});
        timings.push_back(benchKernels(x.data(), rows, cols, types, isas, o));
        gridTimings.push_back(benchIntegerGrids(x.data(), rows, cols, gridSpecs, o));
    }
    Table table({"type", "isa", "threads", "quant GB/s", "imatrix quant GB/s", "dequant GB/s", "quant/read", "dequant/memcpy",
                 "target", "met"},
                {false, false, true, true, true, true, true, true, false, false});
    nlohmann::json rowsJson = nlohmann::json::array();
    bool allMet = true;
    // One table row and JSON entry; targets are judged only on the final (all threads, active ISA) rows.
    struct Row {
        std::string name, isa;
        int threads;
        double quantize, weighted, dequantize, qRatio, dRatio; // weighted ≤ 0: the type ignores importances
        bool final;
        std::string target;
        bool met;
    };
    auto emit = [&](const Row& r) {
        if (r.final) allMet = allMet && r.met;
        table.add({r.name, r.isa, std::to_string(r.threads), fixed(r.quantize, 2), r.weighted > 0 ? fixed(r.weighted, 2) : "-",
                   fixed(r.dequantize, 2), fixed(r.qRatio, 2), fixed(r.dRatio, 2), r.final ? r.target : "-",
                   r.final ? (r.met ? "yes" : "NO") : ""});
        nlohmann::json j = {{"type", r.name}, {"isa", r.isa}, {"threads", r.threads},
                            {"quantize_gbps", r.quantize}, {"dequantize_gbps", r.dequantize},
                            {"imatrix_quantize_gbps", r.weighted > 0 ? nlohmann::json(r.weighted) : nlohmann::json(nullptr)},
                            {"quantize_over_read", r.qRatio}, {"dequantize_over_memcpy", r.dRatio}};
        if (r.final) j["target"] = r.target, j["met"] = r.met;
        rowsJson.push_back(j);
    };
    for (size_t k = 0; k < threadCounts.size(); ++k) {
        const bool lastCount = k + 1 == threadCounts.size();
        for (auto& t : timings[k]) {
            const double qRatio = t.quantizeGBps / base[k].read, dRatio = t.dequantizeGBps / base[k].copy;
            const bool legacyTarget = t.type == DType::Q4_0 || t.type == DType::Q8_0;
            const bool qOk = isKType(t.type) ? t.quantizeGBps >= 1.5 : legacyTarget ? qRatio >= 0.5 : true;
            const std::string target = isKType(t.type) ? "q>=1.5GB/s, d>=80%" : legacyTarget ? "q>=50%, d>=80%" : "d>=80%";
            emit({std::string(typeName(t.type)), std::string(simdName(t.isa)), threadCounts[k], t.quantizeGBps, t.weightedQuantizeGBps,
                  t.dequantizeGBps, qRatio, dRatio, lastCount && t.isa == activeSimd(), target, qOk && dRatio >= 0.8});
        }
    }
    // Integer grids (RTN, min-max range): quantize >= 50 % of read bandwidth, dequantize >= 80 % of memcpy.
    for (size_t k = 0; k < threadCounts.size(); ++k) {
        const bool lastCount = k + 1 == threadCounts.size();
        for (auto& t : gridTimings[k]) {
            const bool integer = t.spec.grid == QuantGrid::Integer;
            const double qRatio = t.quantizeGBps / base[k].read, dRatio = t.dequantizeGBps / base[k].copy;
            emit({t.spec.toString(), std::string(simdName(activeSimd())), threadCounts[k], t.quantizeGBps, 0, t.dequantizeGBps,
                  qRatio, dRatio, lastCount, integer ? "q>=50%, d>=80%" : "d>=80%", (!integer || qRatio >= 0.5) && dRatio >= 0.8});
        }
    }
    out["baselines"] = nlohmann::json::array();
    for (size_t k = 0; k < threadCounts.size(); ++k)
        out["baselines"].push_back({{"threads", threadCounts[k]}, {"read_gbps", base[k].read}, {"memcpy_gbps", base[k].copy}});
    out["results"] = rowsJson;
    out["all_targets_met"] = allMet;
    if (args.flag("json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("bench quant: %lld x %lld F32 matrix, ISA %s\n", (long long)rows, (long long)cols, std::string(simdName(activeSimd())).c_str());
    for (size_t k = 0; k < threadCounts.size(); ++k)
        std::printf("baseline at %d thread(s): streaming read %.2f GB/s, memcpy %.2f GB/s\n", threadCounts[k], base[k].read, base[k].copy);
    std::printf("\n");
    table.print(stdout);
    std::printf("\nall targets met: %s (quantize = F32 input bytes/s, dequantize = F32 output bytes/s)\n", allMet ? "yes" : "no");
    return 0;
}

const BenchRegistration reg({"quant", "[--rows R] [--cols C] [--threads N] [--repeats K] [--all-isas] [--json]",
                             "quantize (plain and with imatrix importances) / dequantize throughput per GGUF type and integer grid vs same-run memory bandwidth", run});

} // namespace
} // namespace qs::cli
