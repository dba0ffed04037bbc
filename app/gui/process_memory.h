#pragma once
#include <cstdint>

namespace qs::gui {

// Resident memory of this process in bytes (Linux /proc/self/statm); 0 where unknown.
uint64_t residentBytes();

} // namespace qs::gui
