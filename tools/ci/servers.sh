#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on 127.0.0.1 for the scale-out tests (Debian packages, no systemd).
# Usage: tools/ci/servers.sh start|stop|status   Idempotent; start and stop run as root (initdb/pg_ctl run as postgres).
# status prints one line per server and exits 0 when both are up, 1 when PostgreSQL is down, 2 when
# Redis is down, 3 when both are down (the bits add up); a usage error exits 64.
# The tests find them at the defaults below, or through COMPLIANCE_TEST_POSTGRES / COMPLIANCE_TEST_REDIS.
set -euo pipefail

PG_ROOT=${COMPLIANCE_PG_ROOT:-/tmp/compliance-ci-postgres}
PG_PORT=${COMPLIANCE_PG_PORT:-54329}
PG_DB=compliance_test
REDIS_ROOT=${COMPLIANCE_REDIS_ROOT:-/tmp/compliance-ci-redis}
REDIS_PORT=${COMPLIANCE_REDIS_PORT:-63790}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-upgrade "$@" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-upgrade "$@" >/dev/null; }
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_start() {
  [ -n "$(pg_bin)" ] || apt_install postgresql
  local bin; bin=$(pg_bin)
  if [ -f "$PG_ROOT/data/PG_VERSION" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_ROOT/data" status >/dev/null 2>&1; then
    echo "postgres already running on 127.0.0.1:$PG_PORT"; return 0
  fi
  rm -rf "$PG_ROOT"; mkdir -p "$PG_ROOT"; chown postgres:postgres "$PG_ROOT"; chmod 700 "$PG_ROOT"
  runuser -u postgres -- "$bin/initdb" -D "$PG_ROOT/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
  # Durability settings stay at their defaults: the tests kill instances and expect acknowledged
  # audit events to be on disk, so fsync and synchronous_commit must mean what they say.
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_ROOT -c max_connections=200" start >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt -c "CREATE DATABASE $PG_DB" >/dev/null
  echo "postgres up: Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$PG_DB"
}

pg_stop() {
  local bin; bin=$(pg_bin)
  if [ -n "$bin" ] && [ -f "$PG_ROOT/data/PG_VERSION" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_ROOT"
}

redis_start() {
  command -v redis-server >/dev/null || apt_install redis-server
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "redis already running on 127.0.0.1:$REDIS_PORT"; return 0; fi
  mkdir -p "$REDIS_ROOT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$REDIS_ROOT" --pidfile "$REDIS_ROOT/redis.pid" --logfile "$REDIS_ROOT/redis.log"
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null
  echo "redis up: 127.0.0.1:$REDIS_PORT"
}

# Each check reports its server on one line and returns non-zero when it is down, without tripping
# set -e in the caller (they run as `if` conditions), so one server being down never hides the other.
pg_status() {
  local bin; bin=$(pg_bin)
  if [ -z "$bin" ]; then
    echo "postgres: down (no server installed under /usr/lib/postgresql)"; return 1
  fi
  # What the tests need is a server accepting connections on the port, whoever started it.
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 5; then
    echo "postgres: up on 127.0.0.1:$PG_PORT"
  else
    echo "postgres: down (nothing accepting connections on 127.0.0.1:$PG_PORT)"; return 1
  fi
}

redis_status() {
  # redis-cli exits 0 for an error reply too (a server that wants AUTH): only PONG is up.
  if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then
    echo "redis: up on 127.0.0.1:$REDIS_PORT"
  else
    echo "redis: down (no PONG from 127.0.0.1:$REDIS_PORT)"; return 1
  fi
}

redis_stop() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$REDIS_ROOT"
}

case "${1:-}" in
  start) pg_start; redis_start ;;
  stop) redis_stop; pg_stop ;;
  status)
    down=0
    pg_status || down=$((down | 1))
    redis_status || down=$((down | 2))
    exit "$down" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
