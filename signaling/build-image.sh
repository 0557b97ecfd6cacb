#!/usr/bin/env bash
# Builds the signaling server's container image without any registry (see signaling/Dockerfile):
#  1. dotnet publish: a self-contained linux-x64 app with invariant globalization;
#  2. a base image imported from this machine's own libraries (about 11 MB);
#  3. docker build of the Dockerfile with the publish folder as context.
# Needs a running Docker engine (DOCKER_API_VERSION=1.41 with Debian's docker.io).
set -euo pipefail
cd "$(dirname "$0")/.."

publish=signaling/P2PClinic.Signaling/bin/publish-linux-x64
base=${BASE_IMAGE:-p2pclinic/runtime-base:local}
image=${IMAGE:-p2pclinic/signaling:local}

dotnet publish signaling/P2PClinic.Signaling/P2PClinic.Signaling.csproj -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -o "$publish" -nologo

if ! docker image inspect "$base" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/etc/ssl/certs" "$root/tmp"
  chmod 1777 "$root/tmp"
  for lib in libc.so.6 libdl.so.2 libgcc_s.so.1 libm.so.6 libpthread.so.0 librt.so.1 libstdc++.so.6 \
             libssl.so.3 libcrypto.so.3 libz.so.1; do
    cp -L "/lib/x86_64-linux-gnu/$lib" "$root/lib/x86_64-linux-gnu/"
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  fi
  printf 'root:x:0:0:root:/root:/sbin/nologin\nsignaling:x:10001:10001:signaling:/app:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\nsignaling:x:10001:\n' > "$root/etc/group"
  tar -C "$root" -cf - . | docker import - "$base"
fi

docker build --build-arg "BASE_IMAGE=$base" -t "$image" -f signaling/Dockerfile "$publish"
echo "built $image"
