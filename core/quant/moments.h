#pragma once
// Central moments up to the fourth, computed per chunk and merged pairwise (Pébay 2008), which stays
// accurate when the mean is far from zero (norm weights near 1), unlike raw power sums.
#include <cstdint>
#include <limits>

namespace qs {

struct Moments {
    int64_t n = 0;
    double mean = 0, m2 = 0, m3 = 0, m4 = 0; // m_k = Σ (x − mean)^k

    // Exact two-pass moments of one chunk (finite values only are passed in).
    template <class It>
    static Moments of(It begin, It end) {
        Moments m;
        double sum = 0;
        for (It it = begin; it != end; ++it, ++m.n) sum += double(*it);
        if (m.n == 0) return m;
        m.mean = sum / double(m.n);
        for (It it = begin; it != end; ++it) {
            const double d = double(*it) - m.mean, d2 = d * d;
            m.m2 += d2;
            m.m3 += d2 * d;
            m.m4 += d2 * d2;
        }
        return m;
    }

    void merge(const Moments& b) {
        if (b.n == 0) return;
        if (n == 0) {
            *this = b;
            return;
        }
        const double na = double(n), nb = double(b.n), nn = na + nb;
        const double d = b.mean - mean, d2 = d * d;
        const double m2n = m2 + b.m2 + d2 * na * nb / nn;
        const double m3n = m3 + b.m3 + d2 * d * na * nb * (na - nb) / (nn * nn) + 3.0 * d * (na * b.m2 - nb * m2) / nn;
        const double m4n = m4 + b.m4 + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (nn * nn * nn) +
                           6.0 * d2 * (na * na * b.m2 + nb * nb * m2) / (nn * nn) + 4.0 * d * (na * b.m3 - nb * m3) / nn;
        mean += d * nb / nn;
        m2 = m2n;
        m3 = m3n;
        m4 = m4n;
        n += b.n;
    }

    double variance() const { return n ? m2 / double(n) : 0.0; } // population
    // Excess kurtosis n·m4 / m2² − 3 (population); NaN for a constant sample.
    double excessKurtosis() const { return m2 > 0 ? double(n) * m4 / (m2 * m2) - 3.0 : std::numeric_limits<double>::quiet_NaN(); }
};

} // namespace qs
