// bench eval MODEL: evaluation speed (tokens/s, achieved GFLOP/s) at 1 and all threads, against a same-run
// multi-threaded OpenBLAS sgemm over exactly the matrix shapes one evaluation batch multiplies.
#include "app/cli/bench.h"
#include "app/cli/table.h"
#include "core/model/model.h"
#include "core/runtime/eval_loop.h"
#include "core/runtime/perplexity.h"

#include <cblas.h>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

struct Shape {
    int64_t m, n, k;
};

// The products of one batch: every projection of every layer plus the output head.
std::vector<Shape> batchShapes(const HyperParams& hp, int64_t vocab, const EvalOptions& opt) {
    const int64_t M = opt.chunksPerBatch * opt.ctx, d = hp.hiddenSize, f = hp.intermediateSize;
    const int64_t q = hp.numHeads * hp.headDim, kv = hp.numKvHeads * hp.headDim;
    std::vector<Shape> s;
    for (int64_t l = 0; l < hp.numLayers; ++l)
        for (Shape x : {Shape{M, q, d}, Shape{M, kv, d}, Shape{M, kv, d}, Shape{M, d, q}, Shape{M, f, d}, Shape{M, f, d}, Shape{M, d, f}})
            s.push_back(x);
    s.push_back({opt.chunksPerBatch * (opt.ctx - opt.ctx / 2), vocab, d});
    return s;
}

// GFLOP/s of plain cblas_sgemm calls (OpenBLAS's own threading) over the shapes, best of `repeats`.
double sgemmGflops(const std::vector<Shape>& shapes, int threads, int repeats) {
    int64_t maxA = 0, maxB = 0, maxC = 0;
    double flops = 0;
    for (auto& s : shapes) {
        maxA = std::max(maxA, s.m * s.k), maxB = std::max(maxB, s.n * s.k), maxC = std::max(maxC, s.m * s.n);
        flops += 2.0 * double(s.m * s.n * s.k);
    }
    std::vector<float> a(size_t(maxA), 0.01f), b(size_t(maxB), 0.02f), c(static_cast<size_t>(maxC));
    openblas_set_num_threads(threads);
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const Stopwatch clock;
        for (auto& s : shapes)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(s.m), int(s.n), int(s.k), 1.0f, a.data(), int(s.k), b.data(),
                        int(s.k), 0.0f, c.data(), int(s.n));
        best = std::min(best, clock.seconds());
    }
    openblas_set_num_threads(1); // the evaluator's setting
    return flops / best * 1e-9;
}

int run(Args& args) {
    args.accept({"ctx", "chunks", "threads", "repeats"}, {"json"});
    args.expectPositionals(1, 1);
    const Model model = loadModel(args.positional(0, "MODEL"));
    EvalOptions opt;
    opt.ctx = args.integer("ctx", 256, 4, 1 << 16);
    opt.maxChunks = args.integer("chunks", 8, 1, 1 << 20);
    const int allThreads = int(args.integer("threads", ThreadPool::hardwareThreads(), 1, 1024));
    const int repeats = int(args.integer("repeats", 3, 1, 100));

    ModelWeights weights(model);
    std::vector<int32_t> ids(size_t(opt.ctx * opt.maxChunks)); // speed does not depend on the text
    const int64_t vocab = model.outputHead().rows();
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = int32_t((i * 7919 + 13) % uint64_t(vocab));

    const auto shapes = batchShapes(model.hparams(), vocab, opt);
    const std::vector<int> threadCounts = allThreads == 1 ? std::vector<int>{1} : std::vector<int>{1, allThreads};
    Table table({"threads", "tokens/s", "eval GFLOP/s", "sgemm GFLOP/s", "eval/sgemm"}, {true, true, true, true, true});
    nlohmann::json rows = nlohmann::json::array();
    for (int threads : threadCounts) {
        ThreadPool pool(threads);
        Forward forward(weights, pool);
        computePerplexity(forward, ids, {opt.ctx, 1, false, opt.chunksPerBatch}, 1); // warm-up: decodes and caches weights
        const ChunkPlan plan(ids, opt, 1);
        double flops = 0;
        for (int64_t b = 0; b < plan.batches(); ++b) flops += forward.flops(plan.batchChunks(b), opt.ctx, plan.firstScored());
        double best = 1e300;
        for (int r = 0; r < repeats; ++r) best = std::min(best, computePerplexity(forward, ids, opt, 1).seconds);
        const double tokensPerSecond = double(plan.chunks() * opt.ctx) / best, gflops = flops / best * 1e-9;
        const double sgemm = sgemmGflops(shapes, threads, repeats);
        table.add({std::to_string(threads), fixed(tokensPerSecond, 0), fixed(gflops, 1), fixed(sgemm, 1), fixed(gflops / sgemm, 2)});
        rows.push_back({{"threads", threads}, {"tokens_per_second", tokensPerSecond}, {"eval_gflops", gflops},
                        {"sgemm_gflops", sgemm}, {"eval_over_sgemm", gflops / sgemm}, {"seconds", best}});
    }
    if (args.flag("json")) {
        const nlohmann::json out = {{"model", model.path()}, {"ctx", opt.ctx}, {"chunks", opt.maxChunks},
                                    {"chunks_per_batch", opt.chunksPerBatch}, {"results", rows}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("bench eval: %s, %lld chunks of %lld tokens, best of %d\n\n", model.path().c_str(), (long long)opt.maxChunks,
                (long long)opt.ctx, repeats);
    table.print(stdout);
    std::printf("\nsgemm = OpenBLAS with its own threads over the same matrix shapes as one evaluation batch\n");
    return 0;
}

const BenchRegistration reg({"eval", "MODEL [--ctx 256] [--chunks 8] [--threads N] [--repeats 3] [--json]",
                             "evaluation tokens/s and GFLOP/s at 1 and all threads vs same-run sgemm on the same shapes", run});

} // namespace
} // namespace qs::cli
