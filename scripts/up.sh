#!/usr/bin/env bash
# Starts the whole suite locally: PostgreSQL and RabbitMQ (started or installed when
# missing), then `tam up` (migrations, then all seven services; the gateway on :8080).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_tools
ensure_postgres
ensure_rabbitmq
: "${TAM_LOG_FORMAT:=pretty}"
export TAM_LOG_FORMAT
say "building and starting the suite (ctrl-c stops it)"
exec cargo run --locked --release --bin tam -- up --demo
