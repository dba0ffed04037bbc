#!/usr/bin/env bash
# The size-vs-KLD curves of `bench plan` as PNGs drawn by the GUI's own plot code (PlanCurveView):
# docs/plan-curve-austen-5m.png and docs/plan-curve-austen-29m.png from docs/bench-plan.json.
#   scripts/plan-curve.sh          render from the existing docs/bench-plan.json
#   scripts/plan-curve.sh --run    first run `quantscope-cli bench plan` on both shared models (32 evaluation
#                                  chunks, 6 curve points; about 15 minutes on 2 cores) to refresh the JSON
# The CLI stays Qt-free: the JSON comes from it, the picture from `quantscope --plot-curve` (offscreen).
# Needs a built tree: bash scripts/build.sh (or cmake --build build).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=./build/app/cli/quantscope-cli
app=./build/app/gui/quantscope
json=docs/bench-plan.json
[ -x "$app" ] || { echo "build first: $app is missing" >&2; exit 1; }
if [ "${1:-}" = "--run" ]; then
  [ -x "$cli" ] || { echo "build first: $cli is missing" >&2; exit 1; }
  "$cli" bench plan --chunks 32 --sens-chunks 8 --curve-points 6 --json "$json"
fi
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
"$app" --language en --plot-curve "$json" --out docs
