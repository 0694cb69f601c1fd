#!/usr/bin/env bash
# Two instances of Clinic.Api behind no balancer, on one Redis (started by tools/ci/servers.sh, as
# root): https://localhost:5101 and https://localhost:5102, environment ScaleOut
# (appsettings.ScaleOut.json). Sessions, rate limits, the TOTP replay check and Data Protection
# keys are shared through Redis, so a session started on one instance works on the other and the
# sign-in limit counts both. Each instance writes its own audit directory (.local/audit-<port>).
# Needs the HTTPS development certificate (dotnet dev-certs https). Ctrl+C stops both.
# Usage: samples/Clinic.Api/scale-out.sh
set -euo pipefail
sample="$(cd "$(dirname "$0")" && pwd)"
repository="$(cd "$sample/../.." && pwd)"

"$repository/tools/ci/servers.sh" start
dotnet build "$sample/Clinic.Api.csproj" -nologo -v:q

cd "$sample"
mkdir -p .local
# One demo password for both instances, kept beside the rest of the local state (ignored by git).
if [ ! -s .local/demo-password.txt ]; then
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > .local/demo-password.txt
fi
export ASPNETCORE_ENVIRONMENT=ScaleOut
Clinic__DemoPassword="$(cat .local/demo-password.txt)"
export Clinic__DemoPassword

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
for port in 5101 5102; do
  Compliance__Auditing__Directory=".local/audit-$port" \
    dotnet run --no-build --no-launch-profile --project "$sample/Clinic.Api.csproj" --urls "https://localhost:$port" &
  pids+=("$!")
  # The first instance creates the key files and the database; the second starts once it is up.
  for _ in $(seq 1 120); do
    curl -sfk "https://localhost:$port/antiforgery/token" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sfk "https://localhost:$port/antiforgery/token" >/dev/null || { echo "instance on port $port did not start" >&2; exit 1; }
  echo "instance up: https://localhost:$port"
done

echo "demo password: .local/demo-password.txt; stop both with Ctrl+C"
wait
