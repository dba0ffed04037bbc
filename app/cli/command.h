#pragma once
// The CLI's command table. Each subcommand file defines a run function and registers it with a
// static CommandRegistration, so adding a command needs no edit elsewhere.
#include "app/cli/args.h"

#include <string>
#include <vector>

namespace qs::cli {

struct Command {
    std::string name;
    std::string usage;   // one line: arguments and flags
    std::string summary; // one line: what it does
    int (*run)(Args& args);
};

std::vector<Command>& commandTable();

struct CommandRegistration {
    explicit CommandRegistration(Command c) { commandTable().push_back(std::move(c)); }
};

} // namespace qs::cli
