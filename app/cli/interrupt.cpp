#include "app/cli/interrupt.h"

#include <csignal>

namespace qs::cli {
namespace {

CancelToken token;

extern "C" void onInterrupt(int) {
    token.cancel(); // a lock-free atomic store: safe in a signal handler
    std::signal(SIGINT, SIG_DFL);
}

} // namespace

const CancelToken& interruptToken() {
    static const bool installed = [] {
        std::signal(SIGINT, onInterrupt);
        return true;
    }();
    (void)installed;
    return token;
}

} // namespace qs::cli
