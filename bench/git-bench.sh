#!/usr/bin/env bash
# Times the Git source on a generated ~2,000-file layer served over smart HTTP on loopback
# (git http-backend, fixed latency per request), against `git clone --depth 1` + reading the
# files measured in the same run, and an unchanged re-run that only compares the folder's tree id.
# When bench/fetch-bench.sh (the Bitbucket API source bench) exists, it runs too, for comparison.
#
# usage: bench/git-bench.sh [LATENCY_MS=10] [ROUNDS=3]
set -euo pipefail

# Maven's output (and this Maven's stray colour codes) stays out of the figures unless it fails.
quiet_mvn() {
  local log
  if ! log=$(mvn -q -B "$@" 2>&1); then
    echo "$log" >&2
    exit 2
  fi
}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
latency="${1:-10}"
rounds="${2:-3}"

quiet_mvn test-compile
quiet_mvn dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
classpath="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

echo "== Git source (JGit), zips through ReproducibleZipArchiver =="
java -cp "$classpath" io.layerkit.source.git.GitSourceBench "$latency" "$rounds"

if [[ -x bench/fetch-bench.sh ]]; then
  echo
  echo "== Bitbucket API source, same tree size and latency (bench/fetch-bench.sh) =="
  bench/fetch-bench.sh 2000 150 "$latency"
fi
