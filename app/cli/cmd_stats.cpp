// quantscope-cli stats MODEL [--tensor NAME] ...: weight statistics. Without --tensor, one summary row per
// tensor; with it, the full statistics of that tensor with a text histogram and its top outlier channels.
#include "app/cli/command.h"
#include "app/cli/table.h"
#include "core/model/model.h"
#include "core/quant/stats.h"
#include "core/util/error.h"
#include "core/util/thread_pool.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

std::string num(double v, int precision = 4) {
    if (std::isnan(v)) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    return buf;
}

bool decodable(const TensorInfo& t) { return t.packed || traits(t.type).toFloat != nullptr; }

nlohmann::json tensorHeader(const TensorInfo& t) {
    return {{"name", t.name}, {"role", roleName(t.role)}, {"shape", t.shape}, {"dtype", t.typeLabel()}};
}

void printHistogram(const Histogram& h) {
    const int64_t peak = std::max<int64_t>(1, *std::max_element(h.counts.begin(), h.counts.end()));
    const bool log = h.scale == HistogramScale::LogMagnitude;
    std::printf("histogram (%s, %zu bins):\n", log ? "log10 |x|" : "x", h.counts.size());
    if (log && h.zeros) std::printf("  %-25s %10lld\n", "exact zeros", (long long)h.zeros);
    for (int i = 0; i < int(h.counts.size()); ++i) {
        const double lo = h.binLow(i), hi = h.binHigh(i);
        const std::string range = log ? "|x| " + num(std::pow(10.0, lo), 3) + " .. " + num(std::pow(10.0, hi), 3)
                                      : num(lo, 4) + " .. " + num(hi, 4);
        const int64_t c = h.counts[size_t(i)];
        const int bar = c ? std::max(1, int(40.0 * double(c) / double(peak) + 0.5)) : 0;
        std::printf("  %-25s %10lld %s\n", range.c_str(), (long long)c, std::string(size_t(bar), '#').c_str());
    }
}

void printTensor(const TensorInfo& t, const TensorStats& s) {
    std::printf("%s  (%s, %s %s)\n", t.name.c_str(), std::string(roleName(t.role)).c_str(),
                std::string(typeName(t.type)).c_str(), shapeText(t.shape).c_str());
    std::printf("values %lld", (long long)s.count);
    if (s.nonFinite) std::printf("  non-finite %lld (left out)", (long long)s.nonFinite);
    std::printf("\nmin %s  max %s  absmax %s\n", num(s.min, 6).c_str(), num(s.max, 6).c_str(), num(s.absmax, 6).c_str());
    std::printf("mean %s  std %s  excess kurtosis %s\n", num(s.mean, 6).c_str(), num(s.stddev, 6).c_str(),
                num(s.kurtosis, 4).c_str());
    std::printf("outliers |x - mean| > %s sigma (%s): %lld (%s %%)\n\n", num(s.sigmaK).c_str(), num(s.sigmaK * s.stddev, 4).c_str(),
                (long long)s.outliers, num(100.0 * s.outlierRatio, 4).c_str());
    printHistogram(s.histogram);
    if (s.topChannels.empty()) return;
    std::printf("\ntop input channels:\n");
    Table table({"channel", "absmax", "outliers"}, {true, true, true});
    for (auto& c : s.topChannels) table.add({std::to_string(c.channel), num(c.absmax, 6), std::to_string(c.outliers)});
    table.print(stdout);
}

int run(Args& args) {
    args.accept({"tensor", "bins", "sigma", "top", "threads", "by"}, {"json", "log"});
    args.expectPositionals(1, 1);
    StatsOptions opt;
    opt.bins = int(args.integer("bins", 32, 1, 100000));
    opt.sigmaK = args.number("sigma", 6.0);
    if (!(opt.sigmaK > 0)) throw Error("stats", "--sigma must be positive");
    opt.topK = int(args.integer("top", 8, 0, 1000000));
    opt.scale = args.flag("log") ? HistogramScale::LogMagnitude : HistogramScale::Linear;
    const std::string by = args.value("by", "absmax");
    if (by != "absmax" && by != "outliers") throw Error("stats", "--by must be absmax or outliers");
    opt.rankBy = by == "outliers" ? ChannelRank::OutlierCount : ChannelRank::Absmax;
    ThreadPool pool(int(args.integer("threads", 0, 0, 1024)));
    const bool json = args.flag("json");

    const Model m = loadModel(args.positional(0, "MODEL"));
    if (auto name = args.value("tensor")) {
        const TensorInfo* t = m.find(*name);
        if (!t) throw Error(m.path(), "no tensor named '" + *name + "'");
        const TensorStats s = computeStats(m, *t, opt, pool);
        if (json) {
            nlohmann::json j = tensorHeader(*t);
            j.update(toJson(s, true));
            std::printf("%s\n", j.dump(2).c_str());
        } else {
            printTensor(*t, s);
        }
        return 0;
    }

    nlohmann::json tensors = nlohmann::json::array();
    std::vector<std::string> skippedTypes;
    Table table({"name", "role", "shape", "absmax", "mean", "std", "kurtosis", "outliers %"},
                {false, false, false, true, true, true, true, true});
    for (const TensorInfo& t : m.tensors()) {
        nlohmann::json j = tensorHeader(t);
        if (!decodable(t)) {
            j["skipped"] = "no float decoder for " + std::string(typeName(t.type)) + " in this build";
            tensors.push_back(j);
            table.add({t.name, std::string(roleName(t.role)), shapeText(t.shape), "-", "-", "-", "-", "-"});
            if (std::find(skippedTypes.begin(), skippedTypes.end(), typeName(t.type)) == skippedTypes.end())
                skippedTypes.emplace_back(typeName(t.type));
            continue;
        }
        const TensorStats s = computeStats(m, t, opt, pool);
        j.update(toJson(s, false));
        tensors.push_back(j);
        table.add({t.name, std::string(roleName(t.role)), shapeText(t.shape), num(s.absmax), num(s.mean, 3),
                   num(s.stddev), num(s.kurtosis, 3), num(100.0 * s.outlierRatio, 3)});
    }
    if (json) {
        std::printf("%s\n", nlohmann::json({{"model", m.path()}, {"sigma_k", opt.sigmaK}, {"tensors", tensors}}).dump(2).c_str());
    } else {
        std::printf("%s: outliers are |x - mean| > %s sigma\n\n", m.path().c_str(), num(opt.sigmaK).c_str());
        table.print(stdout);
        if (!skippedTypes.empty()) {
            std::string types;
            for (auto& t : skippedTypes) types += (types.empty() ? "" : ", ") + t;
            std::printf("\n'-': this build cannot decode %s to float\n", types.c_str());
        }
    }
    return 0;
}

const CommandRegistration reg({"stats",
                               "MODEL [--tensor NAME] [--bins N] [--sigma K] [--top K] [--by absmax|outliers] [--log] "
                               "[--json] [--threads N]",
                               "weight statistics: per-tensor summary, or one tensor's histogram and outlier channels", run});

} // namespace
} // namespace qs::cli
