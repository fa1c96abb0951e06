#!/usr/bin/env bash
# Regenerates src/*/PublicAPI.Unshipped.txt from the RS0016 diagnostics of a build (run after changing public API,
# then review the diff). Shipped entries are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
for proj in src/*/; do
  name=$(basename "$proj")
  unshipped="$proj/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || continue
  log=$(mktemp)
  dotnet build "$proj" -f net10.0 --no-incremental -p:TreatWarningsAsErrors=false 2>&1 > "$log" || true
  {
    printf '#nullable enable\n'
    { grep -v '^#nullable' "$unshipped" || true
      grep -oE "RS0016: Symbol '[^']+'" "$log" | sed -E "s/^RS0016: Symbol '(.*)'$/\1/" || true
    } | sort -u | grep -v '^$'
  } > "$unshipped.new"
  # drop entries the compiler says no longer exist (RS0017)
  grep -oE "RS0017: Symbol '[^']+'" "$log" | sed -E "s/^RS0017: Symbol '(.*)'$/\1/" | sort -u > "$log.removed" || true
  if [ -s "$log.removed" ]; then grep -vxFf "$log.removed" "$unshipped.new" > "$unshipped" || true; else mv "$unshipped.new" "$unshipped"; fi
  rm -f "$unshipped.new" "$log" "$log.removed"
  echo "$name: $(grep -vc '^#' "$unshipped") entries"
done
