#!/usr/bin/env bash
# Builds the node's container image without any registry (see host/Dockerfile):
#  1. dotnet publish: a self-contained linux-x64 app with invariant globalization, the built-in plugins beside it;
#  2. a base image imported from this machine's own libraries (tools/container/runtime-base-image.sh);
#  3. docker build of the Dockerfile with the publish folder (app/) and data/ (host/data-README.txt) as context.
# Needs a running Docker engine (DOCKER_API_VERSION=1.41 with Debian's docker.io).
set -euo pipefail
cd "$(dirname "$0")/.."

context=host/P2PClinic.Host/bin/container-linux-x64
base=${BASE_IMAGE:-p2pclinic/runtime-base:local}
image=${IMAGE:-p2pclinic/node:local}

rm -rf "$context"
dotnet publish host/P2PClinic.Host/P2PClinic.Host.csproj -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -o "$context/app" -nologo
mkdir -p "$context/data"
cp host/data-README.txt "$context/data/README.txt"
# Owner-only already (the build keeps the context's modes), so the node has nothing to tighten on a new volume.
chmod 700 "$context/data"
chmod 600 "$context/data/README.txt"

tools/container/runtime-base-image.sh "$base"

docker build --build-arg "BASE_IMAGE=$base" -t "$image" -f host/Dockerfile "$context"
echo "built $image"
