#include "app/cli/args.h"

#include "core/util/error.h"

#include <charconv>

namespace qs::cli {

Args::Args(std::string command, std::vector<std::string> argv) : command_(std::move(command)), raw_(std::move(argv)) {}

void Args::accept(std::set<std::string> valueFlags, std::set<std::string> boolFlags) {
    positionals_.clear();
    values_.clear();
    bools_.clear();
    for (size_t i = 0; i < raw_.size(); ++i) {
        const std::string& a = raw_[i];
        if (a.size() < 3 || a.rfind("--", 0) != 0) {
            positionals_.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (valueFlags.count(name)) {
            if (inlineValue) {
                values_.emplace_back(name, *inlineValue);
            } else {
                if (i + 1 >= raw_.size()) throw Error(command_, "--" + name + " needs a value");
                values_.emplace_back(name, raw_[++i]);
            }
        } else if (boolFlags.count(name) && !inlineValue) {
            bools_.insert(name);
        } else {
            throw Error(command_, "unknown option --" + name);
        }
    }
}

bool Args::flag(const std::string& name) const { return bools_.count(name) > 0; }

std::optional<std::string> Args::value(const std::string& name) const {
    std::optional<std::string> v;
    for (auto& [k, val] : values_)
        if (k == name) v = val; // last one wins
    return v;
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    auto v = value(name);
    return v ? *v : fallback;
}

long long Args::integer(const std::string& name, long long fallback, long long min, long long max) const {
    auto v = value(name);
    if (!v) return fallback;
    long long out = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || p != v->data() + v->size())
        throw Error(command_, "--" + name + " expects an integer, got '" + *v + "'");
    if (out < min || out > max)
        throw Error(command_, "--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
    return out;
}

double Args::number(const std::string& name, double fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    try {
        size_t used = 0;
        double d = std::stod(*v, &used);
        if (used != v->size()) throw std::invalid_argument("trailing");
        return d;
    } catch (const std::exception&) {
        throw Error(command_, "--" + name + " expects a number, got '" + *v + "'");
    }
}

const std::string& Args::positional(size_t n, const std::string& what) const {
    if (n >= positionals_.size()) throw Error(command_, "missing " + what);
    return positionals_[n];
}

void Args::expectPositionals(size_t min, size_t max) const {
    if (positionals_.size() < min) throw Error(command_, "missing arguments (see --help)");
    if (positionals_.size() > max) throw Error(command_, "unexpected argument '" + positionals_[max] + "'");
}

} // namespace qs::cli
