#include "core/plan/autoplan.h"

#include "core/plan/llama_mixture.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <queue>

namespace qs {
namespace {

struct Option {
    DType type;
    uint64_t bytes;
    double kld;
};

// The options on the lower convex hull of (bytes, kld), smallest first: the ones a Lagrangian would pick.
std::vector<Option> lowerHull(std::vector<Option> o) {
    std::sort(o.begin(), o.end(), [](auto& a, auto& b) { return a.bytes != b.bytes ? a.bytes < b.bytes : a.kld < b.kld; });
    std::vector<Option> h;
    for (auto& p : o) {
        if (!h.empty() && p.kld >= h.back().kld) continue; // dominated: more bytes, no better
        // Drop the last point while it lies on or above the segment from the one before it to p.
        while (h.size() >= 2) {
            const Option &a = h[h.size() - 2], &b = h.back();
            const double cross = (double(b.bytes) - double(a.bytes)) * (p.kld - a.kld) - (b.kld - a.kld) * (double(p.bytes) - double(a.bytes));
            if (cross > 0) break;
            h.pop_back();
        }
        h.push_back(p);
    }
    return h;
}

std::string mib(uint64_t bytes) {
    char s[64];
    std::snprintf(s, sizeof s, "%llu bytes (%.2f MiB", (unsigned long long)bytes, double(bytes) / 1048576.0);
    return s;
}

} // namespace

uint64_t budgetForBpw(const Model& model, double bpw) { return uint64_t(std::floor(bpw * double(model.totalParams()) / 8.0)); }

Autoplan planMixture(const Model& model, const Measurement& m, uint64_t budget, const std::string& file) {
    Autoplan plan;
    plan.types = pureTypePlan(model, DType::Q8_0); // the kept types of what is not quantized
    plan.totalParams = model.totalParams();
    uint64_t fixed = 0;
    std::vector<std::vector<Option>> all, hull;
    for (size_t i = 0; i < model.tensors().size(); ++i) {
        const TensorInfo& t = model.tensors()[i];
        if (!isQuantizableWeight(t)) {
            fixed += uint64_t(t.rows() * rowBytes(traits(plan.types[i]), t.cols()));
            continue;
        }
        const TensorMeasurement* e = m.find(t.name);
        std::vector<Option> opts;
        if (e)
            for (auto& [type, r] : e->results)
                if (t.cols() % traits(type).blockSize == 0) opts.push_back({type, uint64_t(t.rows() * rowBytes(traits(type), t.cols())), r.kld});
        if (opts.empty()) throw Error(file, "no measured candidate for tensor " + t.name + " (run sensitivity with candidates that fit it)");
        plan.chosen.push_back({i, DType::F16, 0, 0});
        all.push_back(opts);
        hull.push_back(lowerHull(opts));
    }
    plan.minBytes = plan.maxBytes = fixed;
    for (auto& o : all) {
        plan.minBytes += std::min_element(o.begin(), o.end(), [](auto& a, auto& b) { return a.bytes < b.bytes; })->bytes;
        plan.maxBytes += std::max_element(o.begin(), o.end(), [](auto& a, auto& b) { return a.bytes < b.bytes; })->bytes;
    }
    if (budget < plan.minBytes)
        throw Error(file, "the budget of " + mib(budget) + ") is below the smallest possible size, " + mib(plan.minBytes) + ", " +
                              std::to_string(8.0 * double(plan.minBytes) / double(plan.totalParams)).substr(0, 5) + " bpw)");

    // Start at the smallest option everywhere; take hull steps by KLD saved per byte while they fit.
    std::vector<size_t> at(hull.size(), 0);
    uint64_t used = plan.minBytes;
    using Step = std::pair<double, size_t>; // (saving per byte, tensor)
    std::priority_queue<Step> steps;
    auto push = [&](size_t k) {
        if (at[k] + 1 < hull[k].size()) {
            const Option &a = hull[k][at[k]], &b = hull[k][at[k] + 1];
            steps.push({(a.kld - b.kld) / double(b.bytes - a.bytes), k});
        }
    };
    for (size_t k = 0; k < hull.size(); ++k) push(k);
    while (!steps.empty()) {
        const size_t k = steps.top().second;
        steps.pop();
        const uint64_t extra = hull[k][at[k] + 1].bytes - hull[k][at[k]].bytes;
        if (used + extra > budget) continue; // does not fit: this tensor stays here
        used += extra;
        ++at[k];
        push(k);
    }
    std::vector<Option> pick(hull.size());
    for (size_t k = 0; k < hull.size(); ++k) pick[k] = hull[k][at[k]];
    // Fill what is left with the single change (hull or not) that saves the most KLD and still fits, until none does.
    for (;;) {
        size_t bestK = 0;
        const Option* best = nullptr;
        double bestGain = 0;
        for (size_t k = 0; k < all.size(); ++k)
            for (auto& o : all[k]) {
                const double gain = pick[k].kld - o.kld;
                if (gain > bestGain && used - pick[k].bytes + o.bytes <= budget) bestGain = gain, best = &o, bestK = k;
            }
        if (!best) break;
        used = used - pick[bestK].bytes + best->bytes;
        pick[bestK] = *best;
    }
    plan.totalBytes = used;
    for (size_t k = 0; k < pick.size(); ++k) {
        auto& c = plan.chosen[k];
        c.type = pick[k].type;
        c.bytes = pick[k].bytes;
        c.kld = pick[k].kld;
        plan.types[c.tensor] = c.type;
        plan.estimatedKld += c.kld;
    }
    return plan;
}

Recipe autoplanRecipe(const Model& model, const Autoplan& plan, const std::string& name, const std::string& description,
                      const std::string& imatrix) {
    std::map<DType, int64_t> weight; // parameters per type: the commonest becomes the default
    for (auto& c : plan.chosen) weight[c.type] += model.tensors()[c.tensor].params;
    const DType common = std::max_element(weight.begin(), weight.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    Recipe r;
    r.name = name;
    r.description = description;
    r.defaults = QuantSpec::gguf(common);
    r.imatrix = imatrix;
    // Rules by role, then runs of consecutive blocks with one type.
    std::map<TensorRole, std::vector<const PlannedTensor*>> byRole;
    for (auto& c : plan.chosen) byRole[model.tensors()[c.tensor].role].push_back(&c);
    for (auto& [role, list] : byRole) {
        std::sort(list.begin(), list.end(), [&](auto* a, auto* b) { return model.tensors()[a->tensor].block < model.tensors()[b->tensor].block; });
        for (size_t i = 0; i < list.size();) {
            size_t j = i + 1;
            const int b0 = model.tensors()[list[i]->tensor].block;
            while (j < list.size() && list[j]->type == list[i]->type && model.tensors()[list[j]->tensor].block == b0 + int(j - i)) ++j;
            if (list[i]->type != common) {
                RecipeRule rule;
                rule.match.roles = {role};
                if (b0 >= 0) {
                    rule.match.blockFirst = b0;
                    rule.match.blockLast = b0 + int(j - i) - 1;
                }
                rule.spec = QuantSpec::gguf(list[i]->type);
                r.rules.push_back(rule);
            }
            i = j;
        }
    }
    return r;
}

} // namespace qs
