#!/usr/bin/env bash
# Packs ProRT.Protocols and ProRT.Actors into artifacts/nuget under a fresh prerelease version, then builds and runs
# the sample against those packages (its PackageReference floats to the newest 0.1.0-local.*), so the sample always
# uses this checkout's code through NuGet, never the projects. Scans loopback only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
version="0.1.0-local.$(date +%Y%m%d%H%M%S)"
rm -rf "$ROOT/artifacts/nuget"
for p in ProRT.Protocols ProRT.Actors; do
  dotnet pack "$ROOT/src/$p" -c Release -o "$ROOT/artifacts/nuget" -p:Version="$version" -nologo -v quiet >/dev/null
done
echo "packed $version"
# Floating versions are only looked at again when asked: take the package just packed.
dotnet restore "$ROOT/samples/ProRT.Sample" --force-evaluate -nologo -v quiet >/dev/null
dotnet run --project "$ROOT/samples/ProRT.Sample" -c Release --no-restore "$@"
