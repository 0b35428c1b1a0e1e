#!/usr/bin/env bash
# Tags a release: vX.Y.Z on HEAD, after the checks the Release workflow repeats. Pushing the tag
# starts that workflow (.github/workflows/release.yml): it runs .ci/run, publishes the release
# with the CHANGELOG.md section as notes, attests dist/ and moves the major tag vX.
# Usage: scripts/release.sh 1.2.3   (then push the tag it prints)
set -euo pipefail

version="${1:-}"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: $0 X.Y.Z" >&2
  exit 2
fi
tag="v$version"

cd "$(git rev-parse --show-toplevel)"
[ -z "$(git status --porcelain)" ] || { echo "The working tree is not clean." >&2; exit 1; }
[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || { echo "Release from main." >&2; exit 1; }
! git rev-parse -q --verify "refs/tags/$tag" >/dev/null || { echo "$tag already exists." >&2; exit 1; }

pkg_version=$(node -p 'require("./package.json").version')
[ "$pkg_version" = "$version" ] || { echo "package.json says $pkg_version, not $version." >&2; exit 1; }
grep -q "ACTION_VERSION = '$version'" src/core/version.ts || { echo "src/core/version.ts is not $version." >&2; exit 1; }
bash scripts/changelog-section.sh "$version" >/dev/null

npm run -s bundle >/dev/null
git diff --quiet -- dist/ || { echo "dist/ is not the build of src/: commit a fresh bundle first." >&2; exit 1; }

git tag -a "$tag" -m "$tag"
echo "Tagged $tag. Publish with:"
echo "  git push origin $tag"
echo "The Release workflow then publishes it and moves v${version%%.*} to it."
