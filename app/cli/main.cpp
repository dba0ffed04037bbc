// quantscope-cli: a thin front end over quantscope_core. Exit codes: 0 ok, 1 failure, 2 bad input.
#include "app/cli/command.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>

namespace qs::cli {

std::vector<Command>& commandTable() {
    static std::vector<Command> table;
    return table;
}

namespace {

void printUsage(std::FILE* out) {
    std::fprintf(out, "usage: quantscope-cli COMMAND [ARGS]\n\ncommands:\n");
    auto cmds = commandTable();
    std::sort(cmds.begin(), cmds.end(), [](auto& a, auto& b) { return a.name < b.name; });
    for (auto& c : cmds) std::fprintf(out, "  %-16s %s\n", c.name.c_str(), c.summary.c_str());
    std::fprintf(out, "\nRun 'quantscope-cli COMMAND --help' for a command's options.\n");
}

} // namespace
} // namespace qs::cli

int main(int argc, char** argv) {
    using namespace qs::cli;
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string name = argv[1];
    auto& table = commandTable();
    auto it = std::find_if(table.begin(), table.end(), [&](auto& c) { return c.name == name; });
    if (it == table.end()) {
        std::fprintf(stderr, "quantscope-cli: unknown command '%s'\n", name.c_str());
        printUsage(stderr);
        return 2;
    }
    std::vector<std::string> rest(argv + 2, argv + argc);
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
        std::printf("usage: quantscope-cli %s %s\n%s\n", it->name.c_str(), it->usage.c_str(), it->summary.c_str());
        return 0;
    }
    try {
        Args args(name, std::move(rest));
        return it->run(args);
    } catch (const qs::Error& e) {
        std::cout.flush();
        std::fprintf(stderr, "error: %s\n", e.what());
        return e.exitCode();
    } catch (const qs::Cancelled&) {
        std::fprintf(stderr, "\ncancelled: no output was left behind\n");
        return 130;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: out of memory\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
