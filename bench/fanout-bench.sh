#!/usr/bin/env bash
# The fan-out on this machine: the state machine's definition from deploy/template.yaml run
# through the Lambda handler, for PACKAGES packages of FILES files in 3 regions, against
# moto_server and a WireMock Bitbucket that answers every request after LATENCY ms.
#   1. the Bitbucket stand-in alone (it must not be the bottleneck)
#   2. the Map's MaxConcurrency 1 and 8 in the same run (after a warm-up run): time, Bitbucket
#      requests, ratios
#   3. a package's other regions: each item building again (as the fan-out does) against one
#      S3 CopyObject of the home region's zip: time, requests, digests and checksums
# Items run in one JVM here (in AWS each is its own Lambda container), sharing this machine's CPUs.
#
# usage: bench/fanout-bench.sh [PACKAGES=20] [FILES=20] [LATENCY_MS=30]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
PACKAGES="${1:-20}"
FILES="${2:-20}"
LATENCY="${3:-30}"

command -v moto_server >/dev/null || { echo "moto_server is needed: pip install 'moto[server]'" >&2; exit 2; }
CP="$(test_classpath)"

WORK="$(mktemp -d)"
MOTO_PID=""
cleanup() {
  [[ -n "$MOTO_PID" ]] && kill "$MOTO_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

MOTO_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
MOTO="http://127.0.0.1:$MOTO_PORT"
for _ in $(seq 1 100); do
  curl -fs "$MOTO/moto-api/" >/dev/null 2>&1 && break
  sleep 0.2
done

java -cp "$CP" io.layerkit.lambda.FanOutBench "$MOTO" "$PACKAGES" "$FILES" "$LATENCY"
