#!/usr/bin/env bash
# Installs every Debian 12 package Quantscope needs to build, test and run (as root or via sudo).
set -euo pipefail
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  build-essential cmake ninja-build pkg-config git \
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools \
  libqcustomplot-dev libeigen3-dev libopenblas-dev nlohmann-json3-dev libsentencepiece-dev \
  xvfb xauth imagemagick fonts-dejavu-core fonts-wqy-microhei \
  clang libclang-rt-14-dev
