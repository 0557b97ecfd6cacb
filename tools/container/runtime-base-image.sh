#!/usr/bin/env bash
# Makes the base image of the node and signaling images without any registry: a tar of this machine's own C runtime
# libraries piped to `docker import` (about 15 MB, a fraction of a second). A self-contained
# `dotnet publish -r linux-x64 -p:InvariantGlobalization=true` app needs nothing else: glibc, libstdc++, libgcc_s,
# OpenSSL, zlib, the loader, CA certificates, time zones (events keep their IANA zone), /tmp and an /etc/passwd.
# Does nothing when the image exists already. Needs a running Docker engine (DOCKER_API_VERSION=1.41 with Debian's docker.io).
# Usage: tools/container/runtime-base-image.sh [image]      (default p2pclinic/runtime-base:local)
set -euo pipefail

image=${1:-${BASE_IMAGE:-p2pclinic/runtime-base:local}}
if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/etc/ssl/certs" "$root/usr/share" "$root/tmp"
chmod 1777 "$root/tmp"
for lib in libc.so.6 libdl.so.2 libgcc_s.so.1 libm.so.6 libpthread.so.0 librt.so.1 libstdc++.so.6 \
           libssl.so.3 libcrypto.so.3 libz.so.1; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$root/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
fi
if [[ -d /usr/share/zoneinfo ]]; then
  cp -a /usr/share/zoneinfo "$root/usr/share/"
fi
# One unprivileged account (10001) that both images run as.
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:10001:10001:app:/app:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:10001:\n' > "$root/etc/group"
tar -C "$root" -cf - . | docker import - "$image" >/dev/null
echo "built $image"
