#!/usr/bin/env bash
# Checks that the test command's set-up works on a clean Debian bookworm: makes a fresh bookworm (debootstrap
# --variant=minbase from Debian's mirror, no pulled image), copies this work tree's test.sh and tests/ into it and runs
# `./test.sh --setup-only` there as root: Debian packages (nodejs and npm from bookworm itself, Node.js 18), the
# Node.js 22 that test.sh installs from the npm registry, and `npm ci` of every test lockfile. It checks that node 22
# or newer ends up on the tests' PATH and that every lockfile installed.
#
#   sudo tools/clean-machine-check.sh [MIRROR]    default http://deb.debian.org/debian
#   KEEP_ROOT=1                                   keep the bookworm tree (its path is printed)
#
# Needs root (debootstrap, chroot, mounts) and 8 to 15 minutes here (it downloads bookworm and the tests' packages,
# chromium among them). Not part of test.sh or CI; see README.md ("Get started").
set -euo pipefail

mirror=${1:-http://deb.debian.org/debian}
repo=$(cd "$(dirname "$0")/.." && pwd)
[[ $(id -u) -eq 0 ]] || { echo "error: run as root (debootstrap and chroot need it)" >&2; exit 2; }
log() { printf '\n== %s\n' "$*"; }
started=$SECONDS

command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

root=$(mktemp -d -t p2pclinic-bookworm.XXXXXX)
mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if [[ -z ${KEEP_ROOT:-} ]]; then rm -rf --one-file-system "$root"; else echo "kept: $root"; fi
}
trap cleanup EXIT

log "debootstrap bookworm (minbase) into $root from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || { tail -30 "$root.debootstrap.log" >&2; exit 1; }
rm -f "$root.debootstrap.log"
# bookworm-updates and security as a real bookworm has them (Node.js 18.20 comes from there).
cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SOURCES
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No services start inside the chroot (docker.io, redis-server and coturn would try).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  mount --bind "/$m" "$root/$m"
  mounted+=("$root/$m")
done

# This machine's own trust for https (a proxy's CA, where its traffic passes one), so that npm reaches the registry from
# inside as it does outside; a clean machine without such a proxy needs nothing of it.
extra_env=()
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/host-ca-certificates.crt"
  extra_env=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-certificates.crt npm_config_cafile=/etc/ssl/certs/host-ca-certificates.crt)
fi

log "copying test.sh and tests/ (without build output and node_modules)"
mkdir -p "$root/work/p2pclinic"
tar -C "$repo" --exclude=node_modules --exclude=bin --exclude=obj --exclude=TestResults -cf - test.sh tests | tar -C "$root/work/p2pclinic" -xf -

log "./test.sh --setup-only inside bookworm"
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "${extra_env[@]}" \
  /bin/bash -c 'cd /work/p2pclinic && ./test.sh --setup-only && echo "bookworm: $(. /etc/os-release; echo $PRETTY_NAME); Debian nodejs $(/usr/bin/node --version)"'

log "checking what the set-up left"
node_bin=$(find "$root/work/p2pclinic/.tools" -path '*/bin/node' -type f | head -1)
[[ -n $node_bin ]] || { echo "error: no Node.js was installed under .tools/" >&2; exit 1; }
major=$(chroot "$root" "${node_bin#"$root"}" -p 'process.versions.node.split(".")[0]')
(( major >= 22 )) || { echo "error: the installed node is $major, not 22 or newer" >&2; exit 1; }
missing=0
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  if [[ ! -f $dir/node_modules/.package-lock.json ]]; then echo "error: npm ci did not install ${dir#"$root"}" >&2; missing=1; fi
done < <(find "$root/work/p2pclinic/tests" -name package-lock.json -not -path '*/node_modules/*')
(( missing == 0 )) || exit 1

echo "clean bookworm set-up: ok (node $major from the npm registry; $((SECONDS - started)) s)"
