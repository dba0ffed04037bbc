#pragma once
// Plain-text tables and number formatting for the CLI.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace qs::cli {

class Table {
public:
    Table(std::vector<std::string> headers, std::vector<bool> rightAligned);
    void add(std::vector<std::string> row);
    void print(std::FILE* out) const;

private:
    std::vector<std::string> headers_;
    std::vector<bool> right_;
    std::vector<std::vector<std::string>> rows_;
};

std::string shapeText(const std::vector<int64_t>& shape); // "[768, 256]"
std::string humanBytes(double bytes);                     // "10.0 MiB"
std::string fixed(double v, int decimals);

} // namespace qs::cli
