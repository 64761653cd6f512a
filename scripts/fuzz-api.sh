#!/usr/bin/env bash
# Fuzzes the public API with schemathesis: starts the whole suite (`tam up --demo`) on
# its own ports, database and event prefix, logs in as one demo user of every role that
# has routes, and runs schemathesis against the merged OpenAPI document for every
# operation with the token of every role allowed on it (scripts/fuzz_api.py). Fails on a
# 5xx, a response outside its documented schema, status codes or content types, an
# error that is not application/problem+json, a schema-valid request refused as
# malformed, or an undeclared method not answered 405. Bounded by its cases: the
# examples and coverage phases and TAM_FUZZ_MAX_EXAMPLES fuzzed cases per operation and
# role (default 10), about 14,000 cases in 5 minutes; a run taking more than
# TAM_FUZZ_MAX_TIME seconds (default 300) is stopped and fails. Run by test.sh after the
# cargo tests; usable alone (TAM_FUZZ_BIN: a tam binary to use instead of building one).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
if [ -z "${TAM_FUZZ_NESTED:-}" ]; then
  ensure_tools
  ensure_postgres
  ensure_rabbitmq
fi
ensure_fuzz_tools

# Its own ports, database and event prefix: nothing a developer's `tam up`, a test or
# another fuzz run (a second clone on the same machine) uses. The ports: a base from
# 18080 to 18980, in steps of 100, whose public and internal ports are all free.
ports_free() {
  local p
  for p in $(seq "$1" $(($1 + 6))) $(seq $(($1 + 1000)) $(($1 + 1006))); do
    port_open 127.0.0.1 "$p" && return 1
  done
  return 0
}
if [ -z "${TAM_FUZZ_PORT_BASE:-}" ]; then
  # Starting from a step picked by the process id, so that two runs starting together
  # (each restarts its suite between roles, freeing its ports for a moment) rarely meet.
  for step in $(seq 0 9); do
    base=$((18080 + ((step + $$) % 10) * 100))
    if ports_free "$base"; then TAM_FUZZ_PORT_BASE=$base; break; fi
  done
  [ -n "${TAM_FUZZ_PORT_BASE:-}" ] || die "no free ports for the fuzzed suite from 18080 to 19986"
fi
prefix=tam_fuzz_$$
db=tam_fuzz_$$
admin_url=${TAM_DATABASE_URL%/*}/postgres
# The documents, logs and reports of each run stay here for reading after a failure.
work=$PWD/target/fuzz-api
rm -rf "$work" && mkdir -p "$work"

delete_queues() {
  command -v rabbitmqctl >/dev/null || return 0
  for q in $(as_root rabbitmqctl -q list_queues --no-table-headers name 2>/dev/null | grep "^${prefix}_" || true); do
    as_root rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true
  done
}

cleanup() {
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  delete_queues
}
trap cleanup EXIT

if [ -n "${TAM_FUZZ_BIN:-}" ]; then
  bin=$TAM_FUZZ_BIN
else
  say "building tam (debug; the cargo tests built it already)"
  cargo build --locked --bin tam
  bin=$PWD/target/debug/tam
fi
delete_queues

export TAM_HOST=127.0.0.1
# Public ports from TAM_FUZZ_PORT_BASE, internal (admin) ports 1000 above them.
i=0
for service in GATEWAY HR PROSPECT CALLING QUALITY HELPDESK REPORTING; do
  export "TAM_${service}_PORT=$((TAM_FUZZ_PORT_BASE + i))"
  export "TAM_${service}_ADMIN_PORT=$((TAM_FUZZ_PORT_BASE + 1000 + i))"
  i=$((i + 1))
done
export TAM_DATABASE_URL=${TAM_DATABASE_URL%/*}/$db
export TAM_JWT_KEYS_DIR=$work/keys
export TAM_RECORDINGS_STORE=$work/recordings
# The fuzzer is one client sending thousands of requests and logging in again and
# again: the per-address limits would answer 429 to most of it and test nothing else.
export TAM_RATE_LIMIT_PER_SECOND=100000 TAM_RATE_LIMIT_BURST=100000
export TAM_LOGIN_RATE_LIMIT_PER_MINUTE=100000 TAM_LOGIN_RATE_LIMIT_BURST=100000
export TAM_LOG=${TAM_FUZZ_LOG:-warn} TAM_LOG_FORMAT=json

say "schemathesis $(schemathesis --version | awk '{print $NF}') against the suite's merged OpenAPI document (gateway on :$TAM_GATEWAY_PORT, database $db); details in $work"
python3 scripts/fuzz_api.py --bin "$bin" --gateway "http://127.0.0.1:$TAM_GATEWAY_PORT" \
  --database "$db" --database-admin-url "$admin_url" --event-prefix "$prefix" --work "$work"
