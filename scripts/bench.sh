#!/usr/bin/env bash
# Every benchmark of the suite in one go, each hot path beside its ceiling measured in the
# same run (raw COPY, pgbench's bare statement, raw lapin with confirms, the service
# without the gateway), ending with one table: path, figure, ceiling, ratio, goal, met or
# missed. The table's JSON goes to docs/benchmarks.json (TAM_BENCH_TABLE to change it);
# the README's benchmark figures come from one such run, with its date.
#
#   ./scripts/bench.sh            # the sizes below, ~15 min after the release build
#   ./scripts/bench.sh --smoke    # a few hundred iterations each: does every bench run?
#
# Run it on a quiet machine: absolute figures on two shared cores mean little, and the
# ratios hold only if the ceiling and the path saw the same machine. The script warns when
# the load average says something else is running. The release build of the benches
# comes first and is not part of the measured run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_tools
ensure_postgres
ensure_rabbitmq
command -v pgbench >/dev/null || apt_install postgresql-contrib

: "${TAM_TEST_DATABASE_URL:=${TAM_DATABASE_URL%/*}/postgres}"
: "${TAM_TEST_AMQP_URL:=$TAM_AMQP_URL}"
export TAM_TEST_DATABASE_URL TAM_TEST_AMQP_URL

if [ "${1:-}" = "--smoke" ]; then
  export TAM_BENCH_SMOKE=1
fi

dir=target/bench
mkdir -p "$dir"
results="$PWD/$dir/results.jsonl"
table=${TAM_BENCH_TABLE:-docs/benchmarks.json}
rm -f "$results"
export TAM_BENCH_RESULTS="$results"

# What runs, in order: <package> <bench> [VAR=value ...] (the sizes of the measured run;
# each bench documents its variables at the top of its file).
benches=(
  "tam-events pipeline"
  "tam-gateway overhead"
  "tam-prospect import"
  "tam-prospect next"
  "tam-calling call_start"
  "tam-helpdesk sla BENCH_ROUNDS=3 BENCH_ITERATIONS=200000"
  "tam-helpdesk sweep BENCH_TICKETS=1000000"
  "tam-helpdesk queue BENCH_TICKETS=1000000 BENCH_RUNS=100"
  "tam-reporting consumer BENCH_EVENTS=4000 BENCH_ROUNDS=1"
  "tam-reporting rebuild BENCH_RAW_EVENTS=80000"
  "tam-reporting site_report BENCH_CALLS=70000 BENCH_RUNS=20"
  "tam-reporting xlsx BENCH_ROWS=100000 BENCH_ROUNDS=3"
  "tam memory"
)

# Only the benches that exist: a package's benches are the files of its benches/ folder.
bench_file() {
  local package=$1 bench=$2 dir
  case "$package" in
    tam) dir=. ;;
    *) dir=services/${package#tam-}; [ -d "$dir" ] || dir=shared/${package#tam-} ;;
  esac
  echo "$dir/benches/$bench.rs"
}
runnable=()
for entry in "${benches[@]}"; do
  read -r package bench _ <<<"$entry"
  if [ -f "$(bench_file "$package" "$bench")" ]; then
    runnable+=("$entry")
  else
    say "warning: no bench $bench in $package: skipped"
  fi
done

say "building the benches (release; not part of the measured run)"
build_args=()
for entry in "${runnable[@]}"; do
  read -r package bench _ <<<"$entry"
  build_args+=(-p "$package" --bench "$bench")
done
cargo bench --locked --no-run "${build_args[@]}"
cargo build --locked --release --bin tam -p tam
cargo build --locked --release --bin bench-table -p tam-testkit

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 1.0) }'; then
  say "warning: load average $load: the machine is not quiet, the figures will say so"
fi

started=$(date +%s)
for entry in "${runnable[@]}"; do
  read -r package bench vars <<<"$entry"
  say "$package --bench $bench ${vars:-}"
  # shellcheck disable=SC2086 # the sizes are separate VAR=value words
  env ${vars:-} cargo bench --locked -q -p "$package" --bench "$bench"
done
elapsed=$(($(date +%s) - started))

say "the table ($((elapsed / 60)) min $((elapsed % 60)) s of benches; load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
target/release/bench-table "$results" "$table"
say "JSON: $table"
