#!/usr/bin/env bash
# Imports then exports an address book of N contacts (default 100,000) through the CLI against a fresh node and
# prints the node's peak resident memory (VmHWM) for each step: the import, then the export alone (the peak is reset
# before it through /proc/<pid>/clear_refs). Run after building the host and the CLI:
#   dotnet build host/P2PClinic.Host/P2PClinic.Host.csproj && dotnet build frontends/cli/P2PClinic.Cli.csproj
#   bench/contacts-100k-rss.sh [count]        (CONFIG=Release for a Release build)
# Linux only. A timing is printed too; quote it only from a quiet machine.
set -euo pipefail
count=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
config=${CONFIG:-Debug}
host="$root/host/P2PClinic.Host/bin/$config/net10.0/P2PClinic.Host.dll"
cli="$root/frontends/cli/bin/$config/net10.0/p2pclinic.dll"
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

read -r http_port grpc_port < <(python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
dotnet "$host" --data-dir "$work/data" --port "$http_port" --grpc-port "$grpc_port" >"$work/node.log" 2>&1 &
pid=$!
node="http://127.0.0.1:$http_port"
for _ in $(seq 1 120); do
  curl -sf "$node/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "$node/healthz" >/dev/null || { echo "the node did not start:"; cat "$work/node.log"; exit 1; }

python3 - "$count" "$work/book.vcf" <<'PY'
import sys
count, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="utf-8", newline="") as f:
    for i in range(count):
        f.write(f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Patient {i:06d} Müller\r\nN:Müller;Patient {i:06d};;;\r\n"
                f"EMAIL;TYPE=work:patient{i}@clinic.example\r\nTEL;TYPE=cell:+41 79 {i:07d}\r\n"
                f"NOTE:{'n' * 200}\r\nUID:urn:uuid:00000000-0000-4000-8000-{i:012d}\r\nEND:VCARD\r\n")
PY

run_quiet() { dotnet "$cli" "$@" --node "$node" --data-dir "$work/data" >/dev/null; }
run_quiet org create "Big book"
kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$pid/status"; }
run() { dotnet "$cli" "$@" --node "$node" --data-dir "$work/data"; }
echo "book: $count contacts, $(stat -c %s "$work/book.vcf") bytes; node after start: VmRSS $(kb VmRSS) kB"
start=$(date +%s.%N)
run contact import "$work/book.vcf" --json >"$work/import.json"
echo "import: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["created"], "created,", d["failed"], "failed")' "$work/import.json") in $(echo "$(date +%s.%N) - $start" | bc) s; VmHWM $(kb VmHWM) kB, VmRSS after $(kb VmRSS) kB"
echo 5 >"/proc/$pid/clear_refs"
start=$(date +%s.%N)
run contact export "$work/out.vcf" --json >"$work/export.json"
echo "export: $(stat -c %s "$work/out.vcf") bytes in $(echo "$(date +%s.%N) - $start" | bc) s; VmHWM during export $(kb VmHWM) kB (reset before it), VmRSS after $(kb VmRSS) kB"
