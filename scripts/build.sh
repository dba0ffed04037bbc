#!/usr/bin/env bash
# Configures and builds the release tree in build/ (GUI, CLI, tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${QS_SHARED_DIR:+-DQS_SHARED_DIR="$QS_SHARED_DIR"}
cmake --build build -j"$(nproc)"
