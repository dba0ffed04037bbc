#!/usr/bin/env bash
# Starts the GUI on the bundled example model (../shared/models/austen-5m) or on "$1".
# Without a display it runs offscreen, saves a screenshot of the window and exits.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/gui/quantscope "$@"
fi
shot=build/quantscope-offscreen.png
QT_QPA_PLATFORM=offscreen ./build/app/gui/quantscope --screenshot "$shot" "$@"
echo "No display: ran offscreen and saved the window to $shot"
