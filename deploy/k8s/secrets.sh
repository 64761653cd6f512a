#!/usr/bin/env bash
# Prints, as manifests for `kubectl apply -f -`, the Secrets a site's TAM deployment
# refers to and that no operator makes:
#   tam-db-migrator, tam-db-<service>  database roles (basic-auth: username, password);
#                                      CloudNativePG sets the roles' passwords from them
#   tam-broker-migrate                 the migrate Job's broker user tam-migrate (basic-auth);
#   tam-broker-<service>               each service's broker user tam-<service> (basic-auth);
#                                      the messaging topology operator makes the users
#   tam-jwt-public                     every <kid>.pub.pem: mounted by every service
#   tam-jwt-signing                    the <kid>.key.pem hr signs with: mounted by hr only
#   tam-recordings                     where calling stores call recordings: the site's
#                                      S3-compatible bucket and its credentials
#   tam-console                        the key the gateway seals the web console's
#                                      session cookie with (every gateway pod shares it)
#
#   deploy/k8s/secrets.sh medan | kubectl apply -f -
#
# Run it once per site, before the first `kubectl apply -k`, and keep its output in your
# secret store: every run makes new passwords and, without TAM_KEYS_DIR, a new key pair.
# The ingress certificate (gateway-tls) and the broker's administrator
# (tam-broker-default-user, made by the RabbitMQ operator, used by no service) are not
# printed.
#
# Environment:
#   TAM_KEYS_DIR         use the keys in this directory (<kid>.pub.pem, and the signing
#                        <kid>.key.pem) instead of generating a pair
#   TAM_JWT_SIGNING_KID  the signing key's id (default k1)
#   TAM_BIN              the tam binary that lists the services and generates keys
#                        (default: tam on PATH)
#   TAM_RECORDINGS_STORE the site's recordings bucket, s3://bucket/prefix (required), with
#                        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (required), AWS_REGION
#                        and AWS_ENDPOINT (for a store that is not AWS) as set
set -euo pipefail

: "${TAM_RECORDINGS_STORE:?set TAM_RECORDINGS_STORE to the recordings bucket of the site, s3://bucket/prefix}"
: "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID (and AWS_SECRET_ACCESS_KEY) for the recordings bucket}"
: "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY for the recordings bucket}"
site=${1:?usage: $0 <site>   (medan, tangerang, bandung, semarang, malang, makassar)}
namespace="tam-$site"
kid=${TAM_JWT_SIGNING_KID:-k1}
# Every registered service with a schema (`tam services`: the registry, tam::SERVICES);
# the gateway has none.
tam=${TAM_BIN:-tam}
mapfile -t services < <("$tam" services | awk -F'\t' '$3 != "-" { print $1 }')
[ "${#services[@]}" -gt 0 ] || { echo "no services from \`$tam services\`" >&2; exit 1; }

# 48 hex digits: safe inside the connection URLs the pods compose from them.
password() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

secret() { kubectl create secret generic "$@" --namespace "$namespace" --dry-run=client -o yaml; }

role_secret() {
  secret "$1" --type kubernetes.io/basic-auth \
    --from-literal=username="$2" --from-literal=password="$(password)"
  echo ---
}

keys=${TAM_KEYS_DIR:-}
if [ -z "$keys" ]; then
  keys=$(mktemp -d)
  trap 'rm -rf "$keys"' EXIT
  TAM_JWT_KEYS_DIR="$keys" TAM_LOG=warn "$tam" keys generate --kid "$kid" >/dev/null
fi
[ -f "$keys/$kid.key.pem" ] || { echo "no signing key $keys/$kid.key.pem" >&2; exit 1; }

role_secret tam-db-migrator tam
for service in "${services[@]}"; do
  role_secret "tam-db-$service" "tam_$service"
done
# Every service, the gateway too, has its own broker user (k8s/base/rabbitmq/users.yaml).
for service in gateway "${services[@]}"; do
  role_secret "tam-broker-$service" "tam-$service"
done
# The release step's broker user (the migrate Job): it declares the event topology.
role_secret tam-broker-migrate tam-migrate
public=()
for file in "$keys"/*.pub.pem; do public+=(--from-file="$file"); done
secret tam-jwt-public "${public[@]}"
echo ---
secret tam-jwt-signing --from-file="$keys/$kid.key.pem"
echo ---
recordings=(--from-literal=TAM_RECORDINGS_STORE="$TAM_RECORDINGS_STORE"
  --from-literal=AWS_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID"
  --from-literal=AWS_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY")
[ -n "${AWS_REGION:-}" ] && recordings+=(--from-literal=AWS_REGION="$AWS_REGION")
[ -n "${AWS_ENDPOINT:-}" ] && recordings+=(--from-literal=AWS_ENDPOINT="$AWS_ENDPOINT")
secret tam-recordings "${recordings[@]}"
echo ---
# 64 random bytes, base64: the console's cookie key (TAM_CONSOLE_COOKIE_KEY).
secret tam-console --from-literal=TAM_CONSOLE_COOKIE_KEY="$(head -c 64 /dev/urandom | base64 -w0)"
