#!/usr/bin/env bash
# Runs the test suites against real services it starts itself:
#   scripts/test.sh              every suite
#   scripts/test.sh unit|integration|components|e2e
# Installs what is missing (apt-get), starts a throwaway PostgreSQL cluster and Redis on free loopback ports
# in a temp folder, runs the tests, stops the services on any exit and ends with "N passed, N failed".
set -euo pipefail

suite="${1:-all}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

case "$suite" in
  all) filter="" ;;
  unit) filter="Category=Unit" ;;
  integration) filter="Category=Integration" ;;
  components) filter="Category=Components" ;;
  e2e) filter="Category=EndToEnd" ;;
  *) echo "usage: scripts/test.sh [unit|integration|components|e2e]" >&2; exit 2 ;;
esac

# --- what this suite needs -------------------------------------------------------------------------
need_services=false; need_browser=false
case "$suite" in all|integration|e2e) need_services=true ;; esac
case "$suite" in all|e2e) need_browser=true ;; esac
# shellcheck source=services.sh
source "$root/scripts/services.sh"

# --- build and run ---------------------------------------------------------------------------------
log "building"
if ! dotnet build Trading.sln -nologo -v quiet >"$work/build.log" 2>&1; then
  grep -E "error|Error" "$work/build.log" | sort -u | head -40 >&2 || cat "$work/build.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

results="$work/results"
args=(test Trading.Tests/Trading.Tests.csproj --no-build -nologo --results-directory "$results" --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal")
[ -n "$filter" ] && args+=(--filter "$filter")
log "running ${suite} tests"
set +e
dotnet "${args[@]}" 2>&1 | tee "$work/test.log" | grep -E "^  (Passed|Failed|Skipped) |^\s+(Error Message|Stack Trace):|^\s{2,}at |^\s+Assert|^Failed!|^Passed!|error" >&2
test_code=${PIPESTATUS[0]}
set -e

trx="$(find "$results" -name '*.trx' 2>/dev/null | head -n 1)"
if [ -z "$trx" ]; then
  tail -40 "$work/test.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p "$root/TestResults"; cp "$trx" "$root/TestResults/results.trx"
counters="$(grep -o '<Counters [^>]*>' "$trx")"
count() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed="$(count passed)"; failed="$(count failed)"; not_executed="$(count notExecuted)"
errors="$(count error)"; timeouts="$(count timeout)"; aborted="$(count aborted)"
failed=$(( failed + errors + timeouts + aborted ))
line="$passed passed, $failed failed"
[ "$not_executed" -gt 0 ] && line="$line, $not_executed skipped"
if [ "$test_code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; line="$passed passed, $failed failed"; fi
# The failures again, last before the summary, so a log cut to its tail still names them.
if [ "$failed" -gt 0 ]; then
  echo "failed tests:" >&2
  grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$trx" \
    | grep -o 'testName="[^"]*"' | sed 's/^testName="\(.*\)"$/  \1/' >&2 || true
  grep -A3 '<ErrorInfo>' "$trx" | grep -o '<Message>.*' | cut -c1-400 | sed 's/^/    /' >&2 || true
fi
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
