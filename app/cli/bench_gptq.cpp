// bench gptq: GPTQ (4 bits, group 128, asymmetric, no act-order; Hessian accumulation included, as the
// reference times it) on a random 4096×4096 layer with 4096 calibration rows, at 1 and all threads, next to
// a same-run OpenBLAS sgemm of the same flop count. Targets: GPTQ within 2× of that sgemm, and CPU seconds at
// most a quarter of the reference implementation's OpenBLAS figure (metrics.json → openblas → gptq_4096x4096).
#include "app/cli/bench.h"
#include "app/cli/table.h"
#include "core/quant/layer_lab.h"
#include "core/runtime/eval_loop.h"
#include "core/runtime/linear.h"
#include "core/util/thread_pool.h"

#include <cblas.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace qs::cli {
namespace {

// Hessian (XᵀX, symmetric half), inverse Cholesky (factorisation + triangular inverse) and the GPTQ updates.
double gptqFlops(double rows, double cols, double calibRows) {
    return calibRows * cols * cols + 2.0 / 3.0 * cols * cols * cols + rows * cols * cols;
}

struct Timing {
    double wall = 1e300, cpu = 1e300;
};

// Wall and CPU seconds of an OpenBLAS sgemm (its own threads) doing `flops`, as C[n, n] = A[n, k] · B[k, n],
// best of 3 (on a shared machine the CPU figure is the steadier one).
Timing sgemmSeconds(double flops, int64_t n, int threads) {
    const int64_t k = std::max<int64_t>(1, int64_t(flops / (2.0 * double(n) * double(n))));
    std::vector<float> a(size_t(n * k), 0.01f), b(size_t(k * n), 0.02f), c(size_t(n * n));
    openblas_set_num_threads(threads);
    Timing best;
    for (int r = 0; r < 3; ++r) {
        const Stopwatch clock;
        const double cpu0 = processCpuSeconds();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(n), int(n), int(k), 1.0f, a.data(), int(k), b.data(), int(n), 0.0f,
                    c.data(), int(n));
        best.cpu = std::min(best.cpu, processCpuSeconds() - cpu0);
        best.wall = std::min(best.wall, clock.seconds());
    }
    useSingleThreadedBlas();
    openblas_set_num_threads(1);
    const double scale = flops / (2.0 * double(n) * double(n) * double(k));
    return {best.wall * scale, best.cpu * scale};
}

// The reference's CPU seconds from the shared metrics.json, or 0 when it is not there.
double referenceCpuSeconds(const std::string& metricsPath) {
    std::ifstream in(metricsPath);
    if (!in) return 0;
    try {
        return nlohmann::json::parse(in)["openblas"]["gptq_4096x4096"]["gptq_cpu_seconds_median"].get<double>();
    } catch (const std::exception&) {
        return 0;
    }
}

int run(Args& args) {
    args.accept({"rows", "cols", "calib-rows", "threads", "metrics"}, {"json"});
    const int64_t rows = args.integer("rows", 4096, 1, 1 << 20), cols = args.integer("cols", 4096, 128, 1 << 20);
    const int64_t calibRows = args.integer("calib-rows", 4096, 1, 1 << 24);
    const int allThreads = int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024));
    const std::string metrics = args.value("metrics", std::string(QS_DEFAULT_SHARED_DIR) + "/reference/layers/synthetic-small/metrics.json");
    const double refCpu = referenceCpuSeconds(metrics);

    LayerFile layer; // W = 0.02·N(0, 1), X = N(0, 1), as the reference's anchor
    layer.rows = rows, layer.cols = cols, layer.calibRows = calibRows;
    std::mt19937_64 rng(0);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    layer.weight.resize(size_t(rows * cols));
    for (float& v : layer.weight) v = 0.02f * normal(rng);
    layer.calib.resize(size_t(calibRows * cols));
    for (float& v : layer.calib) v = normal(rng);
    const QuantSpec spec = QuantSpec::integer(QuantMethod::GPTQ, 4, Granularity::Group, 128, false);
    const double flops = gptqFlops(double(rows), double(cols), double(calibRows));

    const std::vector<int> threadCounts = allThreads == 1 ? std::vector<int>{1} : std::vector<int>{1, allThreads};
    Table table({"threads", "GPTQ wall s", "GPTQ CPU s", "sgemm wall s", "sgemm CPU s", "wall ratio", "CPU ratio", "<= 2x",
                 "CPU <= ref/4"},
                {true, true, true, true, true, true, true, true, true});
    nlohmann::json results = nlohmann::json::array();
    for (int threads : threadCounts) {
        ThreadPool pool(threads);
        const LayerLabResult lab = runLayerLab(layer, spec, {}, &pool);
        const Timing sgemm = sgemmSeconds(flops, 2048, threads);
        const double ratio = lab.secondsWall / sgemm.wall, cpuRatio = lab.secondsCpu / sgemm.cpu;
        const bool cpuMet = refCpu > 0 && lab.secondsCpu <= refCpu / 4;
        table.add({std::to_string(threads), fixed(lab.secondsWall, 3), fixed(lab.secondsCpu, 3), fixed(sgemm.wall, 3), fixed(sgemm.cpu, 3),
                   fixed(ratio, 2), fixed(cpuRatio, 2), ratio <= 2.0 ? "yes" : "no", refCpu > 0 ? (cpuMet ? "yes" : "no") : "-"});
        results.push_back({{"threads", threads}, {"gptq_seconds_wall", lab.secondsWall}, {"gptq_seconds_cpu", lab.secondsCpu},
                           {"sgemm_seconds_same_flops", sgemm.wall}, {"sgemm_cpu_seconds_same_flops", sgemm.cpu},
                           {"gptq_over_sgemm", ratio}, {"gptq_over_sgemm_cpu", cpuRatio}, {"target_ratio", 2.0},
                           {"ratio_met", ratio <= 2.0}, {"reference_cpu_seconds", refCpu}, {"target_cpu_seconds", refCpu / 4},
                           {"cpu_met", cpuMet}, {"rel_output_error", *lab.metrics.relOutputError}});
    }
    if (args.flag("json")) {
        const nlohmann::json out = {{"rows", rows}, {"cols", cols}, {"calib_rows", calibRows}, {"spec", spec.toString()},
                                    {"gflop", flops * 1e-9}, {"results", results}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("bench gptq: %lldx%lld layer, %lld calibration rows, %s, %.1f GFLOP (Hessian + inverse Cholesky + updates)\n\n",
                (long long)rows, (long long)cols, (long long)calibRows, spec.toString().c_str(), flops * 1e-9);
    table.print(stdout);
    std::printf("\nsgemm = OpenBLAS with its own threads doing the same flop count; reference CPU seconds %s\n",
                refCpu > 0 ? fixed(refCpu, 2).c_str() : "unavailable (metrics.json not found)");
    return 0;
}

const BenchRegistration reg({"gptq", "[--rows 4096] [--cols 4096] [--calib-rows 4096] [--threads N] [--metrics FILE] [--json]",
                             "GPTQ seconds at 1 and all threads vs same-run sgemm of the same flops, and vs the reference", run});

} // namespace
} // namespace qs::cli
