#!/bin/sh
# Fetch the pinned Pico CSS release from the npm registry and vendor it under
# mentoring/static/vendor/pico/ (the app serves it itself: no CDN, strict CSP).
# Usage: scripts/fetch_pico.sh   (or: make vendor-css)
set -eu
VERSION=2.1.1
# The registry's sha512 of picocss-pico-2.1.1.tgz (npm view @picocss/pico@2.1.1 dist.integrity).
INTEGRITY=sha512-kIDugA7Ps4U+2BHxiNHmvgPIQDWPDU4IeU6TNRdvXQM1uZX+FibqDQT2xUOnnO2yq/LUHcwnGlu1hvf4KfXnMg==
DEST=mentoring/static/vendor/pico
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@picocss/pico@$VERSION" >/dev/null)
TARBALL="$WORK/picocss-pico-$VERSION.tgz"
GOT="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | openssl base64 -A)"
if [ "$GOT" != "$INTEGRITY" ]; then
    echo "integrity mismatch: $GOT" >&2
    exit 1
fi
tar -xzf "$TARBALL" -C "$WORK"
mkdir -p "$DEST"
cp "$WORK/package/css/pico.min.css" "$DEST/pico.min.css"
cp "$WORK/package/LICENSE.md" "$DEST/LICENSE.md"
echo "$VERSION" > "$DEST/VERSION"
echo "Pico CSS $VERSION in $DEST"
