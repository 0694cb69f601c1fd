#!/usr/bin/env bash
# Packs every shipped package into a local NuGet feed folder, for using the packages before they
# are published. Usage: tools/pack-local-feed.sh [feed-folder] [version]
#   feed-folder  where the .nupkg files go (default: artifacts/packages under the repository)
#   version      package version (default: the Version in Directory.Build.props)
# Then add the folder as a package source (README: "Using it before it is published").
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
feed="${1:-$repository/artifacts/packages}"
version="${2:-}"

mkdir -p "$feed"
feed="$(cd "$feed" && pwd)"

shipped=(
  src/Compliance.Analyzers.Package/Compliance.Analyzers.Package.csproj
  src/Compliance.Runtime/Compliance.Runtime.csproj
  src/Compliance.Runtime.EntityFrameworkCore/Compliance.Runtime.EntityFrameworkCore.csproj
  src/Compliance.Runtime.Sqlite/Compliance.Runtime.Sqlite.csproj
  src/Compliance.Runtime.Redis/Compliance.Runtime.Redis.csproj
  src/Compliance.AuditVerify/Compliance.AuditVerify.csproj
)

properties=(-c Release -o "$feed")
[ -n "$version" ] && properties+=("-p:Version=$version")

for project in "${shipped[@]}"; do
  dotnet pack "$repository/$project" "${properties[@]}" -nologo -v:q
done

echo "Packages in $feed:"
ls -1 "$feed"/*.nupkg
