#!/usr/bin/env bash
# Fault soak for the Bitbucket source's retries.
#
# A local WireMock server answers like Bitbucket Cloud's REST API and spoils answers on a fixed
# rhythm: every 7th request is throttled (429, Retry-After: 1), every 11th fails with a 500, every
# 13th has its body cut short. The same package, a copy of a Python package installed for python3
# (setuptools, else pip, or the one named), is fetched and zipped through the API RUNS times in a
# row with default settings; every run must succeed and give the same zip, byte for byte, as the
# local folder. Prints each run, a summary, and the spread of the waits after Retry-After.
# Exit status 1 when any run failed or differed.
#
# Usage: bench/fault-soak.sh [RUNS [PACKAGE]]   default: 50 setuptools
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/lib.sh

runs=${1:-50}
wanted=${2:-setuptools}

package_dir() {
  python3 -c "import $1, os; print(os.path.dirname($1.__file__))" 2>/dev/null
}
if tree=$(package_dir "$wanted"); then
  echo "tree: python3's $wanted"
elif tree=$(package_dir pip); then
  echo "tree: $wanted is not installed for python3; using pip instead"
else
  echo "neither $wanted nor pip is installed for python3" >&2
  exit 2
fi

classpath=$(test_classpath)

exec java -Xmx1g -cp "$classpath" io.layerkit.source.bitbucket.FaultSoak "$tree" "$runs"
