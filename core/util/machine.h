#pragma once
// What a report says about the machine it ran on.
#include <string>

namespace qs {

std::string cpuModelName();      // /proc/cpuinfo "model name", or "unknown"
std::string quantscopeVersion(); // the project version this build was configured with

} // namespace qs
