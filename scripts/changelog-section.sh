#!/usr/bin/env bash
# Prints one version's section of CHANGELOG.md, for its release notes: the lines under
# "## [X.Y.Z]" (with or without " - date" after it) up to the next "## " heading, without the
# heading itself, link definitions or blank lines at either end. Fails when the section is
# missing or empty.
# Usage: scripts/changelog-section.sh X.Y.Z [CHANGELOG.md]
set -euo pipefail

version="${1:-}"
file="${2:-CHANGELOG.md}"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: $0 X.Y.Z [CHANGELOG.md]" >&2
  exit 2
fi
[ -f "$file" ] || { echo "$file is missing." >&2; exit 1; }

heading="## [$version]"
if ! awk -v h="$heading" '$0 == h || index($0, h " ") == 1 { found = 1 } END { exit !found }' "$file"; then
  echo "$file has no \"$heading\" section: add one for this release." >&2
  exit 1
fi

notes=$(awk -v h="$heading" '
  !inside && ($0 == h || index($0, h " ") == 1) { inside = 1; next }
  inside && /^## / { exit }
  inside && /^\[[^]]+\]: / { next }
  inside { print }
' "$file" | sed -e '/./,$!d')

if [ -z "${notes//[[:space:]]/}" ]; then
  echo "The \"$heading\" section of $file is empty: say what the release changes." >&2
  exit 1
fi
printf '%s\n' "$notes"
