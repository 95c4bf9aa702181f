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
  run "$dir/journal.db"
  rm -rf "$dir"
fi
if [ "$which" != sqlite ]; then
  bash "$ROOT/tests/postgres.sh"
  run "${PRTIP_TEST_POSTGRES:-postgres:///prtip?host=/var/run/postgresql}"
fi
