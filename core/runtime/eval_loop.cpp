#include "core/runtime/eval_loop.h"

#include "core/util/error.h"

#include <chrono>

namespace qs {

void evaluateChunks(const ChunkPlan& plan, const std::vector<Forward*>& models, const BatchConsumer& consume,
                    const ProgressFn& progress, const CancelToken* cancel) {
    for (auto* m : models)
        if (m->vocabSize() != models.front()->vocabSize())
            throw Error("", "the models have different vocabularies (" + std::to_string(models.front()->vocabSize()) +
                                " and " + std::to_string(m->vocabSize()) + " outputs)");
    if (progress) progress(0.0, "evaluating");
    std::vector<std::vector<float>> logits(models.size());
    for (int64_t b = 0; b < plan.batches(); ++b) {
        if (cancel) cancel->check();
        const auto input = plan.batchInput(b);
        const int64_t n = plan.batchChunks(b);
        for (size_t m = 0; m < models.size(); ++m) {
            logits[m].resize(size_t(n * plan.logitRowsPerChunk() * models[m]->vocabSize()));
            models[m]->run(input.data(), n, plan.ctx(), plan.firstScored(), logits[m].data(), cancel);
        }
        const std::string status = consume(b, logits);
        const int64_t done = plan.batchFirstChunk(b) + n;
        if (progress) progress(double(done) / double(plan.chunks()), status.empty() ? "chunk " + std::to_string(done) : status);
    }
}

Stopwatch::Stopwatch()
    : startNs_(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count()) {}

double Stopwatch::seconds() const {
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    return double(now - startNs_) * 1e-9;
}

} // namespace qs
