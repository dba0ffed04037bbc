#pragma once
// Minimal flag parser: positionals, "--flag value", "--flag=value" and boolean "--flag".
// Unknown flags are an error, so typos never pass silently.
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace qs::cli {

class Args {
public:
    Args(std::string command, std::vector<std::string> argv);

    // Declare what the command accepts before reading (valueFlags take a value, boolFlags do not).
    void accept(std::set<std::string> valueFlags, std::set<std::string> boolFlags);

    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double number(const std::string& name, double fallback) const;
    const std::vector<std::string>& positionals() const { return positionals_; }
    // The n-th positional, or a usage error naming `what`.
    const std::string& positional(size_t n, const std::string& what) const;
    void expectPositionals(size_t min, size_t max) const;

    const std::string& command() const { return command_; }
    const std::vector<std::string>& rawArguments() const { return raw_; }

private:
    std::string command_;
    std::vector<std::string> raw_;
    std::vector<std::string> positionals_;
    std::vector<std::pair<std::string, std::string>> values_;
    std::set<std::string> bools_;
};

} // namespace qs::cli
