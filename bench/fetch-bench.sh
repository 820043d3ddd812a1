#!/usr/bin/env bash
# Fetch benchmark for the Bitbucket source, on a real installed package tree.
#
# A local WireMock server answers like Bitbucket Cloud's REST API (real payload shapes, opaque
# `next` tokens, max_depth listings) with a fixed latency per request, serving a copy of an
# installed Python package: the AWS SDK for Python's botocore (about 2,000 files in about 900
# folders) from python3's site-packages, else pip. In one run it prints, each against the latency
# floor (requests x latency / requests in flight) measured in the same run:
#   - the server alone, asked the same requests by a plain JDK HttpClient with 16 threads,
#   - layerkit's BitbucketSource with max_depth (the default) and with one folder per listing,
#   - the original function's walk: one request at a time, default page length 10, recursion,
# and the ratios between them (requests, folder listings' share, time).
#
# Usage: bench/fetch-bench.sh [LATENCY_MS [IN_FLIGHT]]   default: 10 16
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/lib.sh

latency=${1:-10}
in_flight=${2:-16}

package_dir() {
  python3 -c "import $1, os; print(os.path.dirname($1.__file__))" 2>/dev/null
}
if tree=$(package_dir botocore); then
  echo "tree: python3's botocore"
elif tree=$(package_dir pip); then
  echo "tree: botocore is not installed for python3; using pip instead"
else
  echo "neither botocore nor pip is installed for python3" >&2
  exit 2
fi

classpath=$(test_classpath)

exec java -Xmx1g -cp "$classpath" \
  io.layerkit.source.bitbucket.FetchBench "$tree" "$latency" "$in_flight"
