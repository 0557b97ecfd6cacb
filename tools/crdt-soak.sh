#!/usr/bin/env bash
# Soak of the CRDT convergence properties against yjs (tests/P2PClinic.Crdt.Interop.Tests,
# ConvergenceProperties): the same properties CI runs with 60 cases each, here in rounds of far
# more cases and longer histories, each round from a fresh logged seed, until the time is up.
# Not part of CI. See docs/crdt.md ("Soak").
#
#   tools/crdt-soak.sh [MINUTES]          default 10
#   CRDT_PROPERTY_ITERATIONS=N            cases per property per round (default 1000)
#   CRDT_PROPERTY_STEPS=N                 most steps of a generated history (default 30; CI: 20)
#   CRDT_SOAK_LOG=DIR                     where the round logs go (default a new temp directory)
#
# Exit status 0 when no round failed; 1 otherwise, with the failing rounds' logs named (each
# failure prints the CsCheck seed of its shrunk case and a yjs replay file).
set -euo pipefail

minutes="${1:-10}"
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || (( minutes < 1 )); then
  echo "usage: $0 [MINUTES]   (a whole number of minutes, at least 1)" >&2
  exit 2
fi
iterations="${CRDT_PROPERTY_ITERATIONS:-1000}"
steps="${CRDT_PROPERTY_STEPS:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"
log_dir="${CRDT_SOAK_LOG:-$(mktemp -d "${TMPDIR:-/tmp}/crdt-soak-XXXXXX")}"
mkdir -p "$log_dir"
project="$root/tests/P2PClinic.Crdt.Interop.Tests/P2PClinic.Crdt.Interop.Tests.csproj"

echo "crdt-soak: building $project"
dotnet build "$project" -v q -nologo > "$log_dir/build.log" 2>&1 || { cat "$log_dir/build.log" >&2; exit 1; }

echo "crdt-soak: ${minutes} min, ${iterations} cases per property per round, histories of up to ${steps} steps; logs in $log_dir"
deadline=$(( SECONDS + minutes * 60 ))
rounds=0
failed=()
while (( SECONDS < deadline )); do
  rounds=$(( rounds + 1 ))
  log="$log_dir/round-$rounds.log"
  if CRDT_PROPERTY_ITERATIONS="$iterations" CRDT_PROPERTY_STEPS="$steps" \
    dotnet test "$project" --no-build --filter "FullyQualifiedName~ConvergenceProperties" \
      --logger "console;verbosity=detailed" > "$log" 2>&1; then
    status=passed
  else
    status=FAILED
    failed+=("$log")
  fi
  checked=$(grep -Eo '[0-9]+ of [0-9]+ cases had something to check' "$log" | awk '{ c += $1; r += $3 } END { printf "%d of %d", c, r }')
  echo "crdt-soak: round $rounds $status ($checked cases checked)"
done

total=$(cat "$log_dir"/round-*.log | grep -Eo '[0-9]+ of [0-9]+ cases had something to check' | awk '{ c += $1; r += $3 } END { printf "%d of %d", c, r }')
echo "crdt-soak: $rounds rounds, $total cases checked, ${#failed[@]} failed rounds"
if (( ${#failed[@]} > 0 )); then
  printf 'crdt-soak: failed: %s\n' "${failed[@]}"
  grep -h -E 'CsCheck_Seed=|replay in yjs' "${failed[@]}" | sort -u | head -20
  exit 1
fi
