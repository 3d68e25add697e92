#!/usr/bin/env bash
# Refreshes the libraries the web page bundles (src/server/web/vendor/) from the npm registry,
# at the versions package-lock.json pins. Run by hand when upgrading (edit package.json, then
# `npm install --package-lock-only --ignore-scripts` here, then this script); building, running
# and testing geokg never need npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/../../src/server/web/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)
modules="$work/node_modules"
mkdir -p "$vendor"
# The builds each package publishes for browsers (UMD: a <script> tag, or require() in node).
cp "$modules/cytoscape/dist/cytoscape.min.js" "$vendor/cytoscape.min.js"
# The other three are published unminified: terser minifies them, keeping their licence comments.
rm -f "$vendor/layout-base.js" "$vendor/cose-base.js" "$vendor/cytoscape-fcose.js"
for file in layout-base/layout-base.js cose-base/cose-base.js cytoscape-fcose/cytoscape-fcose.js; do
  name="$(basename "$file" .js)"
  "$modules/.bin/terser" "$modules/$file" --compress --mangle --comments some -o "$vendor/$name.min.js"
done
# Their licences, beside them.
for package in cytoscape layout-base cose-base cytoscape-fcose; do
  licence="$(ls "$modules/$package" | grep -i -m1 '^licen[cs]e')"
  cp "$modules/$package/$licence" "$vendor/$package.LICENSE"
done
# What was taken, with versions, for the README and reviews.
(cd "$modules" && for package in cytoscape layout-base cose-base cytoscape-fcose; do
  node -e 'const p=require(process.argv[1]); console.log(`${p.name} ${p.version} (${p.license})`)' "./$package/package.json"
done) > "$vendor/VERSIONS"
cat "$vendor/VERSIONS"
