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

log() { printf '[test.sh] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what this suite needs -------------------------------------------------------------------------
need_services=false; need_browser=false
case "$suite" in all|integration|e2e) need_services=true ;; esac
case "$suite" in all|e2e) need_browser=true ;; esac

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
if $need_services; then
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
fi
if $need_browser; then
  command -v chromium >/dev/null || missing+=(chromium fonts-liberation)
fi
if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian package starts a cluster of its own on 5432; the tests never use it.
fi

# --- throwaway services ----------------------------------------------------------------------------
work="$(mktemp -d /tmp/trading-test.XXXXXX)"
chmod 755 "$work"
pg_started=false; redis_started=false

cleanup() {
  local code=$?
  if $pg_started; then as_root runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  if $redis_started && [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
  exit $code
}
trap cleanup EXIT INT TERM

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

if $need_services; then
  pg_port="$(free_port)"
  mkdir -p "$work/pg" "$work/sock"
  chown postgres:postgres "$work/pg" "$work/sock"
  as_root runuser -u postgres -- "$(pg_bin)/initdb" -D "$work/pg" -A trust -U postgres --no-sync -E UTF8 >/dev/null
  as_root runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$work/pg" -l "$work/sock/pg.log" -w -t 60 \
    -o "-p $pg_port -k $work/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  pg_started=true
  log "PostgreSQL on 127.0.0.1:$pg_port"

  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work" >/dev/null
  redis_started=true
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break; sleep 0.1; done
  log "Redis on 127.0.0.1:$redis_port"

  export TRADING_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
  export TRADING_TEST_REDIS="127.0.0.1:$redis_port"
fi
export TRADING_TEST_CHROMIUM="$(command -v chromium || echo /usr/bin/chromium)"
export TRADING_TEST_ARTIFACTS="$root/TestResults/artifacts"
mkdir -p "$TRADING_TEST_ARTIFACTS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

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
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
