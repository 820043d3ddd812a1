#!/usr/bin/env bash
# Cold start of the Lambda function on this machine, against local stand-ins for its services.
#
# Each run starts a fresh JVM exactly as Lambda would use the jar: the handler made by its
# no-argument constructor from environment variables, the AWS SDK finding moto_server through
# AWS_ENDPOINT_URL, Bitbucket on WireMock (BenchBitbucket: two packages of FILES files). Per run:
#   init   = JVM launch -> handler made (Lambda's init phase)
#   first  = JVM launch -> first event handled (one package fetched, zipped, stored, recorded)
#   warm   = duration of a second event in the same JVM doing the same for the other package
# The baseline, measured in the same run, is a JVM that starts and does nothing (JvmBaseline).
# Printed: medians, ratios against the baseline, and the jar's size.
#
# usage: bench/coldstart.sh [RUNS=5] [FILES=100]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
RUNS="${1:-5}"
FILES="${2:-100}"

command -v moto_server >/dev/null || { echo "moto_server is needed: pip install 'moto[server]'" >&2; exit 2; }

if [[ ! -f target/layerkit.jar ]] || [[ -n "$(find src/main -newer target/layerkit.jar -print -quit)" ]]; then
  quiet_mvn package -DskipTests
fi
quiet_mvn test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
JAR=target/layerkit.jar
RUN_CP="$JAR:target/test-classes"
SERVER_CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

MOTO_PORT="$(free_port)"
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=($!)
MOTO="http://127.0.0.1:$MOTO_PORT"
for _ in $(seq 1 100); do
  curl -fs "$MOTO/moto-api/" >/dev/null 2>&1 && break
  sleep 0.2
done

mkfifo "$WORK/bitbucket.in"
java -cp "$SERVER_CP" io.layerkit.lambda.BenchBitbucket "$FILES" <"$WORK/bitbucket.in" >"$WORK/bitbucket.out" 2>"$WORK/bitbucket.log" &
PIDS+=($!)
exec 3>"$WORK/bitbucket.in"   # keeps the server's stdin open until this script ends
for _ in $(seq 1 150); do
  grep -q '^READY ' "$WORK/bitbucket.out" 2>/dev/null && break
  sleep 0.2
done
BITBUCKET_URL="$(sed -n 's/^READY //p' "$WORK/bitbucket.out")"
[[ -n "$BITBUCKET_URL" ]] || { echo "the WireMock Bitbucket did not start:" >&2; cat "$WORK/bitbucket.log" >&2; exit 1; }

reset_aws() {
  curl -fs -X POST "$MOTO/moto-api/reset" >/dev/null
  MOTO="$MOTO" python3 - <<'PY'
import os, boto3
kw = dict(endpoint_url=os.environ["MOTO"], region_name="us-east-1",
          aws_access_key_id="testing", aws_secret_access_key="testing")
boto3.client("s3", **kw).create_bucket(Bucket="acme-layers")
boto3.client("ssm", **kw).put_parameter(Name="/layerkit/bitbucket-token", Type="SecureString",
                                         Value="bench-token")
PY
}

echo '{"packages": ["lambda/layers/requests"]}' >"$WORK/first.json"
echo '{"packages": ["lambda/layers/tools"]}' >"$WORK/second.json"
export BITBUCKET_WORKSPACE=acme BITBUCKET_REPOSITORY=cfct-config BITBUCKET_BRANCH=main \
  BITBUCKET_TOKEN_PARAMETER=/layerkit/bitbucket-token BITBUCKET_API_URL="$BITBUCKET_URL" \
  PACKAGE_PATHS=lambda/layers/requests,lambda/layers/tools BUCKET_NAME=acme-layers \
  BUCKET_PREFIX=layers/ PARAMETER_PREFIX=/layerkit \
  AWS_ENDPOINT_URL="$MOTO" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing

now_ms() { date +%s%3N; }

baseline() {
  for _ in $(seq 1 "$RUNS"); do
    java -Dlaunched="$(now_ms)" -cp "$RUN_CP" io.layerkit.lambda.JvmBaseline 2>&1 >/dev/null | grep '^{'
  done
}

function_runs() { # $1: JAVA_TOOL_OPTIONS ("" for none)
  for _ in $(seq 1 "$RUNS"); do
    reset_aws
    if [[ -n "$1" ]]; then export JAVA_TOOL_OPTIONS="$1"; else unset JAVA_TOOL_OPTIONS; fi
    java -Dlaunched="$(now_ms)" -cp "$RUN_CP" io.layerkit.lambda.LocalInvoke \
      "$WORK/first.json" "$WORK/second.json" 2>"$WORK/timing.err" >"$WORK/response.out"
    unset JAVA_TOOL_OPTIONS
    # stdout holds the JSON log lines and, per event, the response (the report)
    [[ "$(grep '^{"ok"' "$WORK/response.out" | grep -c '"status":"created"')" == 2 ]] \
      || { echo "the first event did not build the layers:" >&2; cat "$WORK/response.out" "$WORK/timing.err" >&2; exit 1; }
    grep '^{' "$WORK/timing.err"
  done
}

echo "cold start: $RUNS runs each, 2 packages x $FILES files, $(nproc) CPUs, $(java -version 2>&1 | head -1)" >&2
baseline >"$WORK/baseline.jsonl"
function_runs "" >"$WORK/default.jsonl"
function_runs "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" >"$WORK/c1.jsonl"

python3 - "$WORK" "$JAR" <<'PY'
import json, os, statistics, sys
work, jar = sys.argv[1], sys.argv[2]
def rows(name):
    return [json.loads(l) for l in open(os.path.join(work, name)) if l.strip()]
base = statistics.median(r["main"] for r in rows("baseline.jsonl"))
print(f"baseline: JVM launch -> main of an empty class        {base:7.0f} ms")
for label, name in (("default JVM flags", "default.jsonl"),
                    ("JAVA_TOOL_OPTIONS as in deploy/template.yaml (C1 only)", "c1.jsonl")):
    r = rows(name)
    init = statistics.median(x["init"] for x in r)
    first = statistics.median(x["event1"] for x in r)
    warm = statistics.median(x["event2"] - x["event1"] for x in r)
    print(f"{label}:")
    print(f"  init   JVM launch -> handler made            {init:7.0f} ms  ({init / base:5.1f} x baseline)")
    print(f"  first  JVM launch -> first event handled     {first:7.0f} ms  ({first / base:5.1f} x baseline)")
    print(f"  warm   the same work as a second event       {warm:7.0f} ms  (the first event alone takes {(first - init) / warm:4.1f} x warm)")
size = os.path.getsize(jar)
print(f"jar: {jar} {size / 1024 / 1024:.1f} MiB ({size} bytes)")
PY
