#!/usr/bin/env bash
# Two instances of Clinic.Api, https://localhost:5101 and https://localhost:5102, environment
# ScaleOut (appsettings.ScaleOut.json), on one PostgreSQL and one Redis started by
# tools/ci/servers.sh (as root). The audit trail, key ring, MFA enrolments and patients live in
# PostgreSQL; sessions, rate limits, the TOTP replay check and Data Protection keys in Redis. So a
# session started on one instance works on the other, the sign-in limit counts both, and both
# append to one verifiable audit chain. Ctrl+C stops both.
# Usage: samples/Clinic.Api/scale-out.sh
set -euo pipefail
sample="$(cd "$(dirname "$0")" && pwd)"
repository="$(cd "$sample/../.." && pwd)"
psql_as_owner() { psql -h 127.0.0.1 -p 54329 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

"$repository/tools/ci/servers.sh" start
dotnet dev-certs https >/dev/null 2>&1 || true
dotnet build "$sample/Clinic.Api.csproj" -nologo -v:q

# The database, the application's role (no password: the throwaway server trusts 127.0.0.1) and
# the schema for the clinic's own tables. The role owns nothing in the compliance schema.
psql_as_owner -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'clinic_scaleout'" | grep -q 1 \
  || psql_as_owner -d postgres -c "CREATE DATABASE clinic_scaleout"
psql_as_owner -d clinic_scaleout -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clinic_app') THEN CREATE ROLE clinic_app LOGIN; END IF; END \$\$;"
psql_as_owner -d clinic_scaleout -c "CREATE SCHEMA IF NOT EXISTS clinic AUTHORIZATION clinic_app"

cd "$sample"
mkdir -p .local
export ASPNETCORE_ENVIRONMENT=ScaleOut
# The explicit migration step (docs/runtime/postgresql.md), as the schema owner.
dotnet run --no-build --no-launch-profile --project "$sample/Clinic.Api.csproj" -- migrate-compliance-schema

# One demo password for both instances, kept beside the rest of the local state (ignored by git).
if [ ! -s .local/demo-password.txt ]; then
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > .local/demo-password.txt
fi
Clinic__DemoPassword="$(cat .local/demo-password.txt)"
export Clinic__DemoPassword

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
for port in 5101 5102; do
  dotnet run --no-build --no-launch-profile --project "$sample/Clinic.Api.csproj" --urls "https://localhost:$port" &
  pids+=("$!")
  # The first instance creates the key files and the clinic tables; the second starts once it is up.
  for _ in $(seq 1 120); do
    curl -sfk "https://localhost:$port/antiforgery/token" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sfk "https://localhost:$port/antiforgery/token" >/dev/null || { echo "instance on port $port did not start" >&2; exit 1; }
  echo "instance up: https://localhost:$port"
done

echo "demo password: .local/demo-password.txt; stop both with Ctrl+C"
wait
