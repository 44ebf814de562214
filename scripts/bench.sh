#!/usr/bin/env bash
# Runs Trading.Benchmarks and prints the figures. The parsing benchmark runs first, on a quiet machine; the import
# and latency benchmarks then run against a throwaway PostgreSQL and Redis started like scripts/test.sh does.
#   scripts/bench.sh            every benchmark
#   scripts/bench.sh parse|import|ticks|orders|blotter|strategies|engine|risk
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
which="${1:-all}"
case "$which" in all|parse|import|ticks|orders|blotter|strategies|engine|risk) ;; *) echo "usage: scripts/bench.sh [parse|import|ticks|orders|blotter|strategies|engine|risk]" >&2; exit 2 ;; esac

echo "[bench.sh] building benchmarks (Release)" >&2
dotnet build Trading.Benchmarks/Trading.Benchmarks.csproj -c Release -nologo -v quiet -nodeReuse:false >/tmp/trading-bench-build.log 2>&1 \
  || { cat /tmp/trading-bench-build.log >&2; exit 1; }
# Idle build servers would share the two cores with the measurements.
dotnet build-server shutdown >/dev/null 2>&1 || true
bench() { dotnet Trading.Benchmarks/bin/Release/net10.0/Trading.Benchmarks.dll "$1"; }

if [ "$which" = all ] || [ "$which" = parse ]; then bench parse; fi
# In memory, on a quiet machine too.
if [ "$which" = all ] || [ "$which" = strategies ]; then bench strategies; fi
if [ "$which" != parse ]; then
  need_services=true; need_browser=false
  # shellcheck source=services.sh
  source "$root/scripts/services.sh"
  if [ "$which" = all ] || [ "$which" = import ]; then bench import; fi
  if [ "$which" = all ] || [ "$which" = ticks ]; then bench ticks; fi
  if [ "$which" = all ] || [ "$which" = orders ]; then bench orders; fi
  if [ "$which" = all ] || [ "$which" = blotter ]; then bench blotter; fi
  if [ "$which" = all ] || [ "$which" = engine ] || [ "$which" = strategies ]; then bench engine; fi
  if [ "$which" = all ] || [ "$which" = risk ]; then bench risk; fi
fi
