#!/usr/bin/env bash
# Journal benchmark: write rate of port results through the real ScanCoordinator, and recovery time of a scan
# with 1,048,560 results, on SQLite (a temporary file) and on PostgreSQL (tests/postgres.sh's database).
# Nothing is sent on any network. Usage: bash bench/journal.sh [sqlite|postgres|both]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-both}
dotnet build "$ROOT/bench/ProRT.Benchmarks" -c Release -nologo -v quiet >/dev/null
run() { dotnet "$ROOT/bench/ProRT.Benchmarks/bin/Release/net10.0/ProRT.Benchmarks.dll" journal "$1"; }
if [ "$which" != postgres ]; then
  dir=$(mktemp -d)
  run "$dir/journal.db" | tee "$dir/out"
  # The same journal resumed by prtip in its own process, writing its normal output (the scan was journaled without
  # output files): the peak memory of replaying a million results to an output (each host's ports are let go once
  # written).
  source "$ROOT/bench/lib.sh"
  build_prtip >/dev/null
  id=$(sed -n 's/^scan id: //p' "$dir/out")
  start=$(date +%s.%N)
  /usr/bin/time -f %M -o "$dir/rss" "$PRTIP" resume "$id" --journal "$dir/journal.db" >"$dir/normal.txt"
  end=$(date +%s.%N)
  echo "prtip resume of the finished scan, writing its normal output: $(echo "$end - $start" | bc -l | xargs printf %.2f) s, peak RSS $(( $(cat "$dir/rss") / 1024 )) MB, $(grep -c 'scan report for' "$dir/normal.txt") hosts written"
  [ -n "${KEEP:-}" ] && echo "kept $dir" || rm -rf "$dir"
fi
if [ "$which" != sqlite ]; then
  bash "$ROOT/tests/postgres.sh"
  run "${PRTIP_TEST_POSTGRES:-postgres:///prtip?host=/var/run/postgresql}"
fi
