#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, unit tests and the integration tests
# against real PostgreSQL and RabbitMQ (started or installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_tools
ensure_postgres
ensure_rabbitmq
ensure_deploy_tools
ensure_browser

: "${TAM_TEST_DATABASE_URL:=${TAM_DATABASE_URL%/*}/postgres}"
: "${TAM_TEST_AMQP_URL:=$TAM_AMQP_URL}"
export TAM_TEST_DATABASE_URL TAM_TEST_AMQP_URL

# Test databases and templates of earlier runs (a killed run leaves some): the template
# is migrated afresh once per run.
stale=$(psql "$TAM_TEST_DATABASE_URL" -Atqc \
  "SELECT datname FROM pg_database WHERE datname LIKE 'tam\_test\_%' OR datname LIKE 'tam\_tpl\_%'")
if [ -n "$stale" ]; then
  say "dropping $(echo "$stale" | wc -l) test database(s) left by earlier runs"
  for db in $stale; do
    drop="DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
    # One left by a run under another role (a superuser URL) is not ours to drop: the
    # local superuser does it.
    psql "$TAM_TEST_DATABASE_URL" -qc "$drop" 2>/dev/null ||
      as_root runuser -u postgres -- psql -qc "$drop"
  done
fi
rm -rf "${TMPDIR:-/tmp}"/tam-test-keys-*
if command -v rabbitmqctl >/dev/null; then
  for q in $(as_root rabbitmqctl -q list_queues --no-table-headers name 2>/dev/null | grep '^tam_test_' || true); do
    as_root rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true
  done
fi

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings
say "cargo test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# --no-fail-fast: every test binary runs, so the closing line counts them all.
cargo test --locked --workspace --no-fail-fast 2>&1 | tee "$log" || status=$?
# The API fuzzed through the gateway of the running suite, with the binary the tests
# built (scripts/fuzz-api.sh); it counts as one test in the closing line.
say "API fuzzing (scripts/fuzz-api.sh)"
fuzz=0
TAM_FUZZ_NESTED=1 TAM_FUZZ_BIN="$PWD/target/debug/tam" ./scripts/fuzz-api.sh || fuzz=$?
[ "$fuzz" -eq 0 ] || status=1
# One closing line for the whole run (cargo prints one per test binary).
awk -v fuzz="$fuzz" '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { if (fuzz == 0) p++; else f++; printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
