#!/usr/bin/env bash
# Fuzzes prtip's parsers with afl-fuzz through SharpFuzz, one target at a time:
#   bash tests/fuzz/run.sh TARGET|all SECONDS
# Installs afl++ (apt) and the sharpfuzz tool (.config/dotnet-tools.json) when missing, publishes tests/fuzz/ProRT.Fuzz
# in Release, instruments ProRT.Protocols.dll and ProRT.Actors.dll, then runs afl-fuzz SECONDS per target from the
# seeds in tests/fuzz/corpus/TARGET. Ends with one line per target: executions, crashes, hangs. Findings stay under
# $FUZZ_WORK (default /tmp/prtip-fuzz)/findings/TARGET/default/{crashes,hangs}; replay one on the uninstrumented build
# (instrumented code only runs under the fuzzer) with
#   dotnet run -c Release --project tests/fuzz/ProRT.Fuzz -- TARGET FILE...
# Run as root from anywhere; it never touches the network beyond installing the two tools.
set -euo pipefail
cd "$(dirname "$0")/../.."

targets=(reply service-probes payloads services pcre targets ports journal cluster)
usage() { echo "usage: $0 TARGET|all SECONDS (targets: ${targets[*]})" >&2; exit 2; }
[ $# -eq 2 ] && [[ $2 =~ ^[0-9]+$ ]] || usage
if [ "$1" = all ]; then chosen=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $1 "* ]]; then chosen=("$1")
else usage
fi
seconds=$2
work=${FUZZ_WORK:-/tmp/prtip-fuzz}

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
dotnet tool restore >/dev/null

# A fresh copy every time: instrumenting an assembly twice fails, and the build output stays uninstrumented.
rm -rf "$work/bin"
dotnet publish tests/fuzz/ProRT.Fuzz -c Release -o "$work/bin" -nologo -v quiet
dotnet tool run sharpfuzz "$work/bin/ProRT.Protocols.dll" >/dev/null
# Only the fuzzed namespaces of the actors assembly: coverage elsewhere would only be noise.
dotnet tool run sharpfuzz "$work/bin/ProRT.Actors.dll" ProRT.Actors.Persistence ProRT.Actors.Cluster >/dev/null

export AFL_SKIP_BIN_CHECK=1             # the binary is dotnet; the instrumentation is inside the assemblies
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000     # the runtime's start-up, not a hang
stat() { sed -nE "s/^$1 +: ([0-9]+).*/\1/p" "$2" | head -1; }
summary=()
for t in "${chosen[@]}"; do
  out="$work/findings/$t"
  rm -rf "$out"
  mkdir -p "$out"
  echo "fuzzing $t for ${seconds}s (log: $out.log)"
  # -V stops afl-fuzz after SECONDS; timeout is only a backstop. -t: one input may take 2 s before it counts as a hang.
  timeout --kill-after=10 $((seconds + 120)) afl-fuzz -V "$seconds" -t 2000 -m none -i "tests/fuzz/corpus/$t" -o "$out" \
    -- dotnet "$work/bin/ProRT.Fuzz.dll" "$t" >"$out.log" 2>&1 || echo "afl-fuzz ended with status $? (see $out.log)"
  s="$out/default/fuzzer_stats"
  if [ -f "$s" ]; then
    execs=$(stat execs_done "$s")
    crashes=$(stat saved_crashes "$s"); [ -n "$crashes" ] || crashes=$(stat unique_crashes "$s")
    hangs=$(stat saved_hangs "$s"); [ -n "$hangs" ] || hangs=$(stat unique_hangs "$s")
    summary+=("$t: ${seconds}s, ${execs:-?} executions, ${crashes:-?} crashes, ${hangs:-?} hangs")
    # A few findings to replay; afl keeps every one under $out/default.
    for f in $(ls -d "$out"/default/crashes/id:* "$out"/default/hangs/id:* 2>/dev/null | head -3); do echo "  finding: $f"; done
  else
    summary+=("$t: afl-fuzz did not start (see $out.log)")
  fi
done
printf '%s\n' "${summary[@]}"
