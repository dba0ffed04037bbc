#pragma once
// Micro-benchmark of the block kernels: quantize and dequantize one matrix per type and ISA, plus a
// same-run memcpy baseline. Plain structs out; the CLI's `bench quant` prints them.
// Throughput follows issue-notes.md: quantize = F32 input bytes/s, dequantize = F32 output bytes/s,
// memcpy = F32 bytes copied/s (read + write of the F32 size).
#include "core/quant/kernels/dispatch.h"
#include "core/quant/spec.h"

#include <cstdint>
#include <span>
#include <vector>

namespace qs {

struct KernelBenchOptions {
    int repeats = 3; // best of
    int threads = 1; // rows split into this many contiguous ranges, one std::thread each
};

struct KernelTiming {
    DType type;
    SimdIsa isa;
    bool ownQuantize;   // the ISA has its own quantizer (otherwise the timing is of the fallback it uses)
    bool ownDequantize;
    double quantizeSeconds = 0, dequantizeSeconds = 0; // best wall time over the repeats
    double quantizeGBps = 0, dequantizeGBps = 0;
    double weightedQuantizeGBps = 0; // with imatrix importances (synthetic); 0 where the type ignores them
};

// x holds rows × rowLength floats; types whose block does not divide rowLength are skipped, as are ISAs
// this CPU lacks.
std::vector<KernelTiming> benchKernels(const float* x, int64_t rows, int64_t rowLength, std::span<const DType> types,
                                       std::span<const SimdIsa> isas, const KernelBenchOptions& options);

// RTN onto integer (and NF4) grids: quantize into a preallocated matrix and dequantize back, rows split as
// above. Specs that do not fit the row length are skipped.
struct GridTiming {
    QuantSpec spec;
    double quantizeGBps = 0, dequantizeGBps = 0;
};
std::vector<GridTiming> benchIntegerGrids(const float* x, int64_t rows, int64_t rowLength, std::span<const QuantSpec> specs,
                                          const KernelBenchOptions& options);

// memcpy of `bytes` bytes split the same way; returns GB/s of bytes copied.
double benchMemcpyGBps(int64_t bytes, const KernelBenchOptions& options);

// Streaming read (a vectorisable float sum) of `bytes` bytes split the same way; returns GB/s read.
double benchReadGBps(int64_t bytes, const KernelBenchOptions& options);

} // namespace qs
