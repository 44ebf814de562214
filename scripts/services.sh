#!/usr/bin/env bash
# Shared by test.sh and bench.sh: install what is missing, start a throwaway PostgreSQL cluster and Redis on free
# loopback ports in a temp folder, and stop them again on exit. Source it after setting need_services/need_browser.
log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

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

