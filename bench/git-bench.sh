#!/usr/bin/env bash
# Times the Git source on a generated ~2,000-file layer served over smart HTTP on loopback
# (git http-backend, fixed latency per request), against `git clone --depth 1` + reading the
# files measured in the same run, and an unchanged re-run that only compares the folder's tree id.
# When bench/fetch-bench.sh (the Bitbucket API source bench) exists, it runs too, for comparison.
#
# usage: bench/git-bench.sh [LATENCY_MS=10] [ROUNDS=3]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
latency="${1:-10}"
rounds="${2:-3}"

classpath=$(test_classpath)

echo "== Git source (JGit), zips through ReproducibleZipArchiver =="
java -cp "$classpath" io.layerkit.source.git.GitSourceBench "$latency" "$rounds"

if [[ -x bench/fetch-bench.sh ]]; then
  echo
  echo "== Bitbucket API source, same tree size and latency (bench/fetch-bench.sh) =="
  bench/fetch-bench.sh 2000 150 "$latency"
fi
