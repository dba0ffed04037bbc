#pragma once
// Ctrl-C (SIGINT) as cancellation: the first one fires the token so the running stage stops at its next
// check and cleans up (no partial output); a second one ends the process at once.
#include "core/util/cancel.h"

namespace qs::cli {

// Installs the handler on first use.
const CancelToken& interruptToken();

} // namespace qs::cli
