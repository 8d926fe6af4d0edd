#!/usr/bin/env bash
# Copies the repository's templates (fixtures and examples) into fuzz/seeds,
# the starting corpus of the `synth` target; file names keep their folders.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/fuzz/seeds"
cd "$root"
find tests/fixtures examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) |
  while read -r f; do cp "$f" "fuzz/seeds/${f//\//_}"; done
ls fuzz/seeds | wc -l
