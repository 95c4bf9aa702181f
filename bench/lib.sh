#!/usr/bin/env bash
# Shared by the bench scripts: build prtip once (Release, ReadyToRun) and time commands inside the lab.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB="$ROOT/tests/lab/lab.sh"
PRTIP="$ROOT/bench/out/prtip/prtip"

build_prtip() {
  dotnet publish "$ROOT/src/ProRT.Host" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$ROOT/bench/out/prtip" -nologo -v quiet >/dev/null
}

# Wall time in seconds of a command run inside the scanner namespace; its output goes to $2.
time_in_lab() {
  local out=$1; shift
  local start end
  start=$(date +%s.%N)
  "$LAB" exec "$@" >"$out" 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
