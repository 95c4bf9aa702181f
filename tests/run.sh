#!/usr/bin/env bash
# Sets up and runs every test: unit tests on the host, lab tests inside the lab's scanner namespace.
# Ends with one line "N passed, N failed". Run as root from the repository root.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh || exit 1

log=$(mktemp)
# Scans the tests run journal here, not in root's own ~/.local/share/prtip.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
fail=0
run() { "$@" 2>&1 | tee -a "$log"; [ "${PIPESTATUS[0]}" = 0 ] || fail=1; }

dotnet build ProRT.Actors.sln -nologo -v quiet 2>&1 | tail -3
[ "${PIPESTATUS[0]}" = 0 ] || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

# A test that hangs fails after five minutes (with a dump) instead of holding CI until its limit.
run dotnet test ProRT.Actors.sln --no-build -nologo --filter "Category!=Lab" --blame-hang-timeout 5m

trap 'bash tests/lab/lab.sh down >/dev/null 2>&1' EXIT
if bash tests/lab/lab.sh up; then
  run bash tests/lab/lab.sh exec dotnet test tests/ProRT.Integration.Tests --no-build -nologo --filter "Category=Lab" \
    --blame-hang-timeout 5m
else
  echo "lab: could not be built"
  fail=1
fi

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 11, Skipped: 0, Total: 11".
read -r passed failed < <(grep -E "Failed: +[0-9]+, Passed: +[0-9]+" "$log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/' | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
# Every test assembly must have reported; an aborted run has no summary line.
assemblies=$(grep -cE "Failed: +[0-9]+, Passed: +[0-9]+" "$log")
[ "$assemblies" -ge 4 ] || fail=1
rm -f "$log"
[ "$fail" = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "$passed passed, $failed failed"
[ "$fail" = 0 ] && [ "$failed" = 0 ]
