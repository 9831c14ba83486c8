#!/usr/bin/env bash
# Refresh the vendored front-end assets in static/ from the npm registry at pinned versions.
# Running the portal never needs Node: the built files are committed.
set -euo pipefail
GOVUK_FRONTEND_VERSION=6.6.0
HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "govuk-frontend@$GOVUK_FRONTEND_VERSION" "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION"
dist=node_modules/govuk-frontend/dist/govuk
rm -rf "$top/static/govuk" && mkdir -p "$top/static/govuk" "$top/static/vendor"
cp "$dist"/govuk-frontend.min.css "$dist"/govuk-frontend.min.css.map "$dist"/govuk-frontend.min.js "$dist"/govuk-frontend.min.js.map "$top/static/govuk/"
cp -r "$dist/assets" "$top/static/govuk/assets"
# The compiled CSS points at /assets/; make it relative so it works under STATIC_URL.
sed -i 's#url(/assets/#url(assets/#g' "$top/static/govuk/govuk-frontend.min.css"
cp node_modules/htmx.org/dist/htmx.min.js "$top/static/vendor/htmx.min.js"
mkdir -p "$top/tests/browser/vendor"
cp node_modules/axe-core/axe.min.js "$top/tests/browser/vendor/axe.min.js"
echo "govuk-frontend $GOVUK_FRONTEND_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION" > "$top/static/VENDORED"
