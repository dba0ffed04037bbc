// quantscope-cli bench NAME [...]: speed measurements that print ratios measured in the same run.
#include "app/cli/bench.h"
#include "app/cli/command.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdio>

namespace qs::cli {

std::vector<Bench>& benchTable() {
    static std::vector<Bench> table;
    return table;
}

namespace {

int run(Args& args) {
    auto& table = benchTable();
    std::sort(table.begin(), table.end(), [](auto& a, auto& b) { return a.name < b.name; });
    std::string list;
    for (auto& b : table) list += " " + b.name;
    const auto& raw = args.rawArguments();
    if (raw.empty()) throw Error("bench", "name a bench:" + list);
    auto it = std::find_if(table.begin(), table.end(), [&](auto& b) { return b.name == raw[0]; });
    if (it == table.end()) throw Error("bench", "unknown bench '" + raw[0] + "' (available:" + list + ")");
    Args rest("bench " + it->name, std::vector<std::string>(raw.begin() + 1, raw.end()));
    return it->run(rest);
}

const CommandRegistration reg({"bench", "NAME [OPTIONS] (quant, quantize-file, ...)", "speed benches with same-run baselines", run});

} // namespace
} // namespace qs::cli
