# syntax=docker/dockerfile:1
#
# The one TAM image: the `tam` binary on a small Debian runtime, run as a non-root user.
# Every container runs it with a different command (`tam serve <service>`, `tam migrate`,
# `tam keys generate`).
#
#   docker build -t tam:0.1.0 .
#
# Stages: `chef` (cargo-chef on the Rust toolchain), `planner` (the dependency recipe of
# the workspace), `builder` (dependencies first, cached in their own layer while
# Cargo.toml/Cargo.lock do not change, then the workspace), `runtime` (the binary only:
# no toolchain, no sources, no keys).

FROM rust:1.89.0-bookworm AS chef
WORKDIR /src
RUN cargo install cargo-chef --locked --version 0.1.73

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json --bin tam
COPY . .
RUN cargo build --release --locked --bin tam \
    && cp target/release/tam /usr/local/bin/tam \
    && /usr/local/bin/tam --version

FROM debian:12.11-slim AS runtime
# The CA bundle: calling reaches S3-compatible recording storage over HTTPS. Unpinned on
# purpose: it should be whatever Debian's security updates make current at build time.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# uid/gid 10001: a user no host account shares; Kubernetes manifests name it too.
# The directories are owned by it so that named volumes mounted there start out
# writable by it (keys, recordings).
RUN groupadd --system --gid 10001 tam \
    && useradd --system --no-log-init --uid 10001 --gid tam --home-dir /var/lib/tam \
        --shell /usr/sbin/nologin tam \
    && install -d -o tam -g tam -m 0750 /etc/tam/keys /etc/tam/public-keys \
    && install -d -o tam -g tam -m 0750 /var/lib/tam /var/lib/tam/recordings
COPY --from=builder /usr/local/bin/tam /usr/local/bin/tam
ENV TAM_HOST=0.0.0.0 \
    TAM_LOG_FORMAT=json \
    TAM_JWT_KEYS_DIR=/etc/tam/keys
USER 10001:10001
WORKDIR /var/lib/tam
# gateway, hr, prospect, calling, quality, helpdesk, reporting
EXPOSE 8080 8081 8082 8083 8084 8085 8086
STOPSIGNAL SIGTERM
ENTRYPOINT ["tam"]
CMD ["--help"]
