#!/usr/bin/env bash
# Renders every tab of the GUI on ../shared/models/austen-29m (or "$1") offscreen, with real data
# (statistics, a Q4_K_M plan with edits, a quantization run and evaluation, RTN/AWQ/GPTQ/HQQ compared on
# two blocks, a sensitivity measurement with the planner at 4.5 bits per weight) into docs/screenshots/*.png
# using the app's own grab (--screenshots DIR), ending with the Distributions and Compare tabs in a dark
# palette (distributions-dark.png, compare-dark.png). Also renders the Plan, Compare and Sensitivity tabs in
# Simplified Chinese (plan-zh_CN.png, compare-zh_CN.png, sensitivity-zh_CN.png) and the Distributions tab
# at a device pixel ratio of 2 (distributions-2x.png, QT_SCALE_FACTOR=2).
# Needs a built tree: bash scripts/build.sh (or cmake --build build).
set -euo pipefail
cd "$(dirname "$0")/.."
app=./build/app/gui/quantscope
model=${1:-../shared/models/austen-29m}
out=docs/screenshots
[ -x "$app" ] || { echo "build first: $app is missing" >&2; exit 1; }
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
"$app" "$model" --language en --screenshots "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$app" "$model" --language zh_CN --screenshots "$tmp"
cp "$tmp/plan.png" "$out/plan-zh_CN.png"
cp "$tmp/compare.png" "$out/compare-zh_CN.png"
cp "$tmp/sensitivity.png" "$out/sensitivity-zh_CN.png"
rm -f "$tmp"/*.png
QT_SCALE_FACTOR=2 QS_TOUR_DISTRIBUTIONS_ONLY=1 "$app" "$model" --language en --screenshots "$tmp"
cp "$tmp/distributions.png" "$out/distributions-2x.png"
ls -l "$out"
