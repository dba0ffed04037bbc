#include "core/util/machine.h"

#include <fstream>

#ifndef QS_VERSION
#define QS_VERSION "unknown"
#endif

namespace qs {

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("model name")) {
            auto p = line.find(':');
            if (p != std::string::npos) return line.substr(line.find_first_not_of(' ', p + 1));
        }
    return "unknown";
}

std::string quantscopeVersion() { return QS_VERSION; }

} // namespace qs
