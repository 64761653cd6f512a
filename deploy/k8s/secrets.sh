#!/usr/bin/env bash
# Prints, as manifests for `kubectl apply -f -`, the Secrets a TAM place (central, or a
# site) refers to and that no operator makes:
#   tam-db-migrator, tam-db-<service>  database roles (basic-auth: username, password) of
#                                      the services that run there; CloudNativePG sets
#                                      the roles' passwords from them
#   tam-broker-migrate                 the migrate Job's broker user tam-migrate (basic-auth);
#   tam-broker-<service>               each service's broker user tam-<service> (basic-auth);
#                                      the messaging topology operator makes the users
#   tam-console                        the key the gateway seals the web console's
#                                      session cookie with (every gateway pod shares it)
# central only:
#   tam-jwt-public                     every <kid>.pub.pem: mounted by every central service
#   tam-jwt-signing                    the <kid>.key.pem hr signs with: mounted by hr only
#                                      (the sites fetch the public keys from hr's JWKS)
# a site only:
#   tam-claim-ticket                   the key prospect signs claim tickets with and calling
#                                      verifies them with (TAM_CLAIM_TICKET_KEY)
#   tam-recordings                     where calling stores call recordings: the site's
#                                      S3-compatible bucket and its credentials
#   tam-broker-link                    the user tam-link, as which central's shovel reads the
#                                      site's link queue tam.link.central
#   tam-shovel-from-central            the site's shovel's URIs (srcUri: central's broker as
#                                      tam-link-<site>; destUri: amqp://, the site's node)
# and, for the same link, central's end of it (namespace tam-central, same passwords):
#   tam-broker-link-<site>             the user tam-link-<site>, as which the site's shovel
#                                      reads central's link queue tam.link.<site>
#   tam-shovel-from-<site>             central's shovel's URIs (srcUri: the site's broker as
#                                      tam-link; destUri: amqp://, central's node)
#
#   deploy/k8s/secrets.sh central | kubectl apply -f -
#   deploy/k8s/secrets.sh medan | kubectl apply -f -      (once per site)
#
# Run it once per place, before the first `kubectl apply -k`, and keep its output in your
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
#   TAM_RECORDINGS_STORE a site's recordings bucket, s3://bucket/prefix (required), with
#                        AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (required), AWS_REGION
#                        and AWS_ENDPOINT (for a store that is not AWS) as set
set -euo pipefail

place=${1:?usage: $0 central|<site>   (sites: medan, tangerang, bandung, semarang, malang, makassar)}
namespace="tam-$place"
kid=${TAM_JWT_SIGNING_KID:-k1}
# The services with a schema that run at the place (tam::link::CENTRAL_SERVICES and
# SITE_SERVICES; the gateway, at both, has none), each checked against the registry
# (`tam services`: tam::SERVICES).
case $place in
  central) here=(hr helpdesk reporting) ;;
  medan | tangerang | bandung | semarang | malang | makassar) here=(prospect calling quality) ;;
  *) echo "unknown place $place: central, medan, tangerang, bandung, semarang, malang or makassar" >&2; exit 1 ;;
esac
tam=${TAM_BIN:-tam}
mapfile -t registered < <("$tam" services | awk -F'\t' '$3 != "-" { print $1 }')
services=()
for service in "${here[@]}"; do
  printf '%s\n' "${registered[@]}" | grep -qx "$service" \
    || { echo "$service is not a registered service with a schema (\`$tam services\`)" >&2; exit 1; }
  services+=("$service")
done
if [ "$place" != central ]; then
  : "${TAM_RECORDINGS_STORE:?set TAM_RECORDINGS_STORE to the recordings bucket of the site, s3://bucket/prefix}"
  : "${AWS_ACCESS_KEY_ID:?set AWS_ACCESS_KEY_ID (and AWS_SECRET_ACCESS_KEY) for the recordings bucket}"
  : "${AWS_SECRET_ACCESS_KEY:?set AWS_SECRET_ACCESS_KEY for the recordings bucket}"
fi

# 48 hex digits: safe inside the connection URLs the pods compose from them.
password() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

secret() { kubectl create secret generic "$@" --namespace "$namespace" --dry-run=client -o yaml; }

role_secret() {
  secret "$1" --type kubernetes.io/basic-auth \
    --from-literal=username="$2" --from-literal=password="${3:-$(password)}"
  echo ---
}

role_secret tam-db-migrator tam
for service in "${services[@]}"; do
  role_secret "tam-db-$service" "tam_$service"
done
# Every service here, the gateway too, has its own broker user (k8s/base/rabbitmq/users.yaml,
# k8s/components/*-services/rabbitmq-users.yaml).
for service in gateway "${services[@]}"; do
  role_secret "tam-broker-$service" "tam-$service"
done
# The release step's broker user (the migrate Job): it declares the event topology.
role_secret tam-broker-migrate tam-migrate

if [ "$place" = central ]; then
  keys=${TAM_KEYS_DIR:-}
  if [ -z "$keys" ]; then
    keys=$(mktemp -d)
    trap 'rm -rf "$keys"' EXIT
    TAM_JWT_KEYS_DIR="$keys" TAM_LOG=warn "$tam" keys generate --kid "$kid" >/dev/null
  fi
  [ -f "$keys/$kid.key.pem" ] || { echo "no signing key $keys/$kid.key.pem" >&2; exit 1; }
  public=()
  for file in "$keys"/*.pub.pem; do public+=(--from-file="$file"); done
  secret tam-jwt-public "${public[@]}"
  echo ---
  secret tam-jwt-signing --from-file="$keys/$kid.key.pem"
  echo ---
else
  recordings=(--from-literal=TAM_RECORDINGS_STORE="$TAM_RECORDINGS_STORE"
    --from-literal=AWS_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID"
    --from-literal=AWS_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY")
  [ -n "${AWS_REGION:-}" ] && recordings+=(--from-literal=AWS_REGION="$AWS_REGION")
  [ -n "${AWS_ENDPOINT:-}" ] && recordings+=(--from-literal=AWS_ENDPOINT="$AWS_ENDPOINT")
  secret tam-recordings "${recordings[@]}"
  echo ---
  # 32 random bytes, base64: the key of the claim tickets prospect signs and calling
  # verifies (TAM_CLAIM_TICKET_KEY), shared by the site's prospect and calling pods.
  secret tam-claim-ticket --from-literal=TAM_CLAIM_TICKET_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
  echo ---
  # The link (k8s/components/site-services/link.yaml, k8s/overlays/central/link/): each
  # shovel runs on its destination's broker, publishes through that node (amqp://) and
  # reads the other place's link queue as a user who may read only that queue.
  site_reader=$(password)    # tam-link at the site, read by central's shovel
  central_reader=$(password) # tam-link-<site> at central, read by the site's shovel
  role_secret tam-broker-link tam-link "$site_reader"
  secret tam-shovel-from-central \
    --from-literal=srcUri="amqp://tam-link-$place:$central_reader@tam-broker.tam-central.svc:5672/%2f" \
    --from-literal=destUri="amqp://"
  echo ---
  namespace=tam-central
  role_secret "tam-broker-link-$place" "tam-link-$place" "$central_reader"
  secret "tam-shovel-from-$place" \
    --from-literal=srcUri="amqp://tam-link:$site_reader@tam-broker.tam-$place.svc:5672/%2f" \
    --from-literal=destUri="amqp://"
  echo ---
  namespace="tam-$place"
fi
# 64 random bytes, base64: the console's cookie key (TAM_CONSOLE_COOKIE_KEY).
secret tam-console --from-literal=TAM_CONSOLE_COOKIE_KEY="$(head -c 64 /dev/urandom | base64 -w0)"
