#!/usr/bin/env bash
# Makes the real Pulumi engine available offline. When no `pulumi` is on PATH, builds the CLI and
# the Node.js language host from the Go module proxy into .engine/bin (git-ignored), once, and
# reuses them after. Tests and the demo look for .engine/bin first, then PATH.
#
# Pinned modules (tools/engine):
#   cli/       github.com/pulumi/pulumi/pkg/v3 + sdk/v3 v3.248.0 -> pulumi
#   langhost/  github.com/pulumi/pulumi/sdk/v3 v3.68.0 -> pulumi-language-nodejs
# The standalone language-host module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by
# the module proxy (its version list answers 403, and so does the pseudo-version at the v3.248.0
# commit), so the host is built from the newest sdk/v3 release that still contained it as a
# package. It speaks the same language-host gRPC protocol; the engine falls back to the older
# calls it implements.
# Set AQL_ENGINE_BUILD=1 to build even when a pulumi is on PATH.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.engine/bin"
want="v3.248.0"

log() { printf 'engine: %s\n' "$*"; }

if [ "${AQL_ENGINE_BUILD:-}" != "1" ] && [ ! -x "$bin/pulumi" ] && command -v pulumi >/dev/null 2>&1; then
  log "using $(command -v pulumi) ($(pulumi version)); nothing to build"
  exit 0
fi

# Launchers (shell scripts, no build): the dynamic-provider host, and the policy-pack starter
# for packs whose PulumiPolicy.yaml says `runtime: aql-nodejs` (the host built here has no
# RunPlugin, so it cannot start a `runtime: nodejs` pack itself; see docs/POLICY.md).
install_launchers() {
  install -m 0755 "$root/tools/engine/pulumi-resource-pulumi-nodejs" "$bin/"
  install -m 0755 "$root/tools/engine/pulumi-analyzer-policy-aql-nodejs" "$bin/"
}

have_all() {
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] &&
    [ -x "$bin/pulumi-resource-pulumi-nodejs" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "$want" ]
}

if have_all; then
  # The launchers are ours and small: refresh them so a change reaches existing builds.
  install_launchers
  log "reusing $bin/pulumi ($want)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "no pulumi on PATH and no Go to build it with: install Go (https://go.dev/dl) or the Pulumi CLI" >&2
  exit 1
fi

mkdir -p "$bin"
start=$(date +%s)
log "building pulumi $want from the Go module proxy (first time only; several minutes)"
(cd "$root/tools/engine/cli" &&
  go build -mod=readonly -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$want" \
    -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
log "building pulumi-language-nodejs"
(cd "$root/tools/engine/langhost" &&
  go build -mod=readonly -trimpath -ldflags "-s -w" \
    -o "$bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
install_launchers
# Renamed last, so an interrupted build is never mistaken for a finished one.
mv "$bin/pulumi.tmp" "$bin/pulumi"
log "built in $(($(date +%s) - start))s: $("$bin/pulumi" version) in $bin"
