#!/usr/bin/env bash
# Fetch benchmark for the Bitbucket source.
#
# A local WireMock server answers like Bitbucket Cloud's REST API (real payload shapes, opaque
# `next` tokens) with a fixed latency per request, serving a generated package of about 2,000 files
# in about 150 folders. In one run it times
#   (a) the original function's walk: one request at a time, default page length 10, recursion,
#       one GET per file written to a temporary folder, and
#   (b) layerkit's BitbucketSource: ref pinned, pagelen=100, folders listed in parallel, every file
#       streamed in parallel and read to the end,
# and prints both times, the speed-up and both request counts.
#
# Usage: bench/fetch-bench.sh [FILES [FOLDERS [LATENCY_MS [CONCURRENCY...]]]]
#        default: 2000 150 10 8 16
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/lib.sh

files=${1:-2000}
folders=${2:-150}
latency=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
concurrency=("$@")
if [ ${#concurrency[@]} -eq 0 ]; then
  concurrency=(8 16)
fi

classpath=$(test_classpath)

exec java -Xmx1g -cp "$classpath" \
  io.layerkit.source.bitbucket.FetchBench "$files" "$folders" "$latency" "${concurrency[@]}"
