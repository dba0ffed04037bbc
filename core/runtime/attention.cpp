#include "core/runtime/attention.h"

#include "core/runtime/linear.h"

#include <cblas.h>
#include <cmath>
#include <vector>

namespace qs {

void causalAttention(ThreadPool& pool, const AttentionShape& s, const float* q, const float* k, const float* v,
                     int64_t nSeq, int64_t seqLen, float* out, const CancelToken* cancel) {
    useSingleThreadedBlas();
    const int64_t T = seqLen, d = s.headDim, group = s.heads / s.kvHeads;
    const int64_t ldq = s.heads * d, ldkv = s.kvHeads * d;
    const float sqrtD = std::sqrt(float(d));
    pool.parallelFor(nSeq * s.heads, [&](int64_t task) {
        const int64_t seq = task / s.heads, h = task % s.heads, kvh = h / group;
        const float* qh = q + seq * T * ldq + h * d;
        const float* kh = k + seq * T * ldkv + kvh * d;
        const float* vh = v + seq * T * ldkv + kvh * d;
        thread_local std::vector<float> scores;
        scores.resize(size_t(T * T));
        float* S = scores.data();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(T), int(T), int(d), 1.0f, qh, int(ldq), kh, int(ldkv),
                    0.0f, S, int(T));
        for (int64_t t = 0; t < T; ++t) {
            float* row = S + t * T;
            float mx = -INFINITY;
            for (int64_t j = 0; j <= t; ++j) {
                row[j] /= sqrtD;
                mx = std::max(mx, row[j]);
            }
            double sum = 0;
            for (int64_t j = 0; j <= t; ++j) {
                row[j] = std::exp(row[j] - mx);
                sum += row[j];
            }
            const float inv = 1.0f / float(sum);
            for (int64_t j = 0; j <= t; ++j) row[j] *= inv;
            for (int64_t j = t + 1; j < T; ++j) row[j] = 0.0f; // masked: exp(-inf)
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(T), int(d), int(T), 1.0f, S, int(T), vh, int(ldkv),
                    0.0f, out + seq * T * ldq + h * d, int(ldq));
    }, cancel);
}

} // namespace qs
