#include "core/util/thread_pool.h"

#include <QtTest>
#include <atomic>
#include <numeric>

class TestThreadPool : public QObject {
    Q_OBJECT
private slots:
    void runsEveryIndexOnce() {
        for (int threads : {1, 2, 4}) {
            qs::ThreadPool pool(threads);
            std::vector<std::atomic<int>> hits(10000);
            pool.parallelFor(int64_t(hits.size()), [&](int64_t i) { hits[size_t(i)]++; });
            for (auto& h : hits) QCOMPARE(h.load(), 1);
        }
    }
    void resultsIndependentOfThreadCount() {
        // Fixed chunks combined in a fixed order give the same float sum at any thread count.
        std::vector<float> data(100000);
        for (size_t i = 0; i < data.size(); ++i) data[i] = float(std::sin(double(i))) * 1e3f;
        auto sum = [&](int threads) {
            qs::ThreadPool pool(threads);
            const int64_t chunk = 4096, n = (int64_t(data.size()) + chunk - 1) / chunk;
            std::vector<float> partial(static_cast<size_t>(n));
            pool.parallelFor(n, [&](int64_t c) {
                float s = 0;
                for (int64_t i = c * chunk; i < std::min<int64_t>((c + 1) * chunk, int64_t(data.size())); ++i) s += data[size_t(i)];
                partial[size_t(c)] = s;
            });
            return std::accumulate(partial.begin(), partial.end(), 0.0f);
        };
        QCOMPARE(sum(1), sum(2));
        QCOMPARE(sum(1), sum(3));
    }
    void propagatesExceptions() {
        qs::ThreadPool pool(2);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, pool.parallelFor(100, [](int64_t i) {
            if (i == 37) throw std::runtime_error("boom");
        }));
        // The pool still works afterwards.
        std::atomic<int> n{0};
        pool.parallelFor(50, [&](int64_t) { n++; });
        QCOMPARE(n.load(), 50);
    }
    void cancels() {
        qs::ThreadPool pool(2);
        qs::CancelToken token;
        std::atomic<int> ran{0};
        QVERIFY_THROWS_EXCEPTION(qs::Cancelled, pool.parallelFor(100000, [&](int64_t i) {
            if (i == 10) token.cancel();
            ran++;
        }, &token));
        QVERIFY(ran.load() < 100000);
    }
    void nestedCallsRunInline() {
        qs::ThreadPool pool(2);
        std::atomic<int> n{0};
        pool.parallelFor(8, [&](int64_t) { pool.parallelFor(8, [&](int64_t) { n++; }); });
        QCOMPARE(n.load(), 64);
    }
    void manySmallJobs() {
        qs::ThreadPool pool(3);
        for (int k = 0; k < 2000; ++k) {
            std::atomic<int> n{0};
            pool.parallelFor(3, [&](int64_t) { n++; });
            QCOMPARE(n.load(), 3);
        }
    }
};

QTEST_GUILESS_MAIN(TestThreadPool)
#include "test_thread_pool.moc"
