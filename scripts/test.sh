#!/usr/bin/env bash
# Builds and runs every quick test: the release build (all tests), then an ASan+UBSan build of the
# core tests (parsers, kernels, thread pool). Exits non-zero when any test fails.
# QS_WITH_SLOW=1 also runs the tests labelled "slow" (full-text perplexity, method quality bars).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
shared=${QS_SHARED_DIR:+-DQS_SHARED_DIR=$QS_SHARED_DIR}

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $shared
cmake --build build -j"$jobs"
ctest --test-dir build -L unit --output-on-failure -j"$jobs" --timeout 900

# Optimised (-O2 -g) so the kernels run at a useful speed; sanitizers still see every access.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQS_SANITIZE=ON -DQS_BUILD_GUI=OFF $shared
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan -L unit --output-on-failure -j"$jobs" --timeout 1800

if [ "${QS_WITH_SLOW:-0}" = 1 ]; then
  ctest --test-dir build -L slow --output-on-failure --timeout 3600
fi
