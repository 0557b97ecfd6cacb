#!/usr/bin/env bash
# Builds the signaling server's container image without any registry (see signaling/Dockerfile):
#  1. dotnet publish: a self-contained linux-x64 app with invariant globalization;
#  2. a base image imported from this machine's own libraries (tools/container/runtime-base-image.sh);
#  3. docker build of the Dockerfile with the publish folder as context.
# Needs a running Docker engine (DOCKER_API_VERSION=1.41 with Debian's docker.io).
set -euo pipefail
cd "$(dirname "$0")/.."

publish=signaling/P2PClinic.Signaling/bin/publish-linux-x64
base=${BASE_IMAGE:-p2pclinic/runtime-base:local}
image=${IMAGE:-p2pclinic/signaling:local}

dotnet publish signaling/P2PClinic.Signaling/P2PClinic.Signaling.csproj -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -o "$publish" -nologo

tools/container/runtime-base-image.sh "$base"

docker build --build-arg "BASE_IMAGE=$base" -t "$image" -f signaling/Dockerfile "$publish"
echo "built $image"
