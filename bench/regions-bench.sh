#!/usr/bin/env bash
# One package published to three regions against one region, on one moto_server started here
# (S3, SSM and Lambda in each region): a first publish (store, publish, grant, record per
# region; the archive built once) and an unchanged re-run (one HEAD and one GetLayerVersion per
# region). One warm JVM, the two alternating for ROUNDS rounds after a warm-up; prints every
# round, the medians, their ratios (three regions / one region) and the requests per region.
# The server alone is timed first (a round trip to it), so its share of the figures is known.
#
# usage: bench/regions-bench.sh [ROUNDS=5] [FILES=400]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
rounds="${1:-5}"
files="${2:-400}"

command -v moto_server >/dev/null || { echo "regions-bench: moto_server is needed" >&2; exit 2; }
classpath=$(test_classpath)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
  sleep 0.1
done

java -cp "$classpath" io.layerkit.pipeline.RegionsBenchMain "http://127.0.0.1:$port" "$rounds" "$files"
