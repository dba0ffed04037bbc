#pragma once
// `quantscope-cli bench NAME`: each bench registers itself here, like the commands.
#include "app/cli/args.h"

#include <string>
#include <vector>

namespace qs::cli {

struct Bench {
    std::string name;
    std::string usage;
    std::string summary;
    int (*run)(Args& args);
};

std::vector<Bench>& benchTable();

struct BenchRegistration {
    explicit BenchRegistration(Bench b) { benchTable().push_back(std::move(b)); }
};

} // namespace qs::cli
