#include "app/gui/process_memory.h"

#include <fstream>
#include <unistd.h>

namespace qs::gui {

uint64_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * uint64_t(sysconf(_SC_PAGESIZE));
}

} // namespace qs::gui
