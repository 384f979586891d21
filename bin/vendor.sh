#!/usr/bin/env bash
# Refresh the vendored front-end files in static/vendor from the npm registry.
# Versions are pinned here and listed in static/vendor/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9 ICONS=1.13.2 CHARTJS=4.6.1 HTMX=2.0.11
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" "chart.js@$CHARTJS" "htmx.org@$HTMX" >/dev/null)
for archive in "$work"/*.tgz; do mkdir -p "${archive%.tgz}" && tar xzf "$archive" -C "${archive%.tgz}"; done
bs="$work/bootstrap-$BOOTSTRAP/package" bi="$work/bootstrap-icons-$ICONS/package" cj="$work/chart.js-$CHARTJS/package"
hx="$work/htmx.org-$HTMX/package"
mkdir -p static/vendor/{bootstrap,bootstrap-icons/fonts,chartjs,htmx}
cp "$bs"/dist/css/bootstrap.min.css{,.map} "$bs"/dist/js/bootstrap.bundle.min.js{,.map} "$bs/LICENSE" static/vendor/bootstrap/
cp "$bi/font/bootstrap-icons.min.css" "$bi/LICENSE" static/vendor/bootstrap-icons/
cp "$bi"/font/fonts/* static/vendor/bootstrap-icons/fonts/
cp "$cj"/dist/chart.umd.min.js{,.map} "$cj/LICENSE.md" static/vendor/chartjs/
cp "$hx/dist/htmx.min.js" "$hx/LICENSE" static/vendor/htmx/
echo "static/vendor refreshed: bootstrap $BOOTSTRAP, bootstrap-icons $ICONS, chart.js $CHARTJS, htmx $HTMX"
