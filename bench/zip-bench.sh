#!/usr/bin/env bash
# Times `layerkit build` against Info-ZIP's `zip -r -6 -y` on real installed package trees, whole
# processes (JVM start included), and prints each figure as a ratio against zip measured in the
# same run: ROUNDS rounds (default 5) after one untimed warm-up round that also puts every tree in
# the page cache, so both read from memory; medians. Each round alternates which tool goes first.
#
# Trees (assembled once into $LAYERKIT_BENCH_DIR, default ${TMPDIR:-/tmp}/layerkit-bench; a tree
# whose parts are missing on this machine is skipped, saying why):
#   boto3      the AWS SDK for Python as a layer holds it (boto3, botocore: ~2,000 files in ~900
#              folders of 1-3 files, s3transfer, jmespath, dateutil, six, urllib3), copied from
#              this machine's python3 site-packages into python/lib/pythonX.Y/site-packages/
#   numpy      numpy with its bundled libraries (large compiled binaries, one of 25 MB)
#   requests   requests and its dependencies: the ~100-file layer of the start-time figure
#   nodejs     `npm install` of pinned common packages, a scoped one included, into
#              nodejs/node_modules (needs npm and the registry)
#   generated  a synthetic site-packages tree from a fixed seed (~6,000 files, text of many
#              sizes, incompressible binaries, executables, links)
#
# Figures:
#   per tree      zip once vs one `./layerkit build` of that package
#   all layers    zip once per layer, one after another, vs ONE `./layerkit build` of all of them
#                 (goal: time <= 0.75x, size <= 1.02x)
#   small layer   `./layerkit build` and `java -jar target/layerkit.jar build` of the requests
#                 layer vs the JVM alone (`java -version`) and vs zip (goal: <= 0.45 s)
# zip is single-threaded; layerkit uses every core. `nproc` and the load average are printed:
# other processes on the cores slow a parallel JVM more than zip. BENCH_NICE=-10 (root only) runs
# the bench in its own scheduling group at that niceness, both tools alike.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${LAYERKIT_BENCH_DIR:-${TMPDIR:-/tmp}/layerkit-bench}
ROUNDS=${ROUNDS:-5}
BENCH_NICE=${BENCH_NICE:-0}
if [[ $BENCH_NICE != 0 && -z ${ZIP_BENCH_GROUP:-} ]]; then
  ZIP_BENCH_GROUP=1 exec setsid "$0" "$@"
fi
if [[ $BENCH_NICE != 0 ]] && ! echo "$BENCH_NICE" 2>/dev/null > /proc/self/autogroup; then
  echo "zip-bench: cannot set the scheduling group's niceness (needs root); running without" >&2
  BENCH_NICE=0
fi
ROOT=$BENCH_DIR/trees
OUT=$BENCH_DIR/out
TREES_VERSION=2
NPM_PACKAGES=(lodash@4.17.21 express@4.21.2 uuid@9.0.1 axios@1.7.9 @types/node@20.17.10
  moment@2.30.1)

for tool in zip unzip python3 java /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "zip-bench: '$tool' is needed but not installed" >&2; exit 2; }
done

# Copies installed Python distributions (and nothing of theirs outside site-packages, no caches)
# into a layer's site-packages folder; fails naming the first one that is not installed.
copy_python_layer() {
  local layer=$1
  shift
  python3 - "$ROOT/layers/$layer" "$@" <<'PY'
import os, shutil, sys, sysconfig
from importlib import metadata
layer, names = sys.argv[1], sys.argv[2:]
version = "python%d.%d" % sys.version_info[:2]
target = os.path.join(layer, "python", "lib", version, "site-packages")
for name in names:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        sys.exit(f"{name} is not installed for python3")
    for file in dist.files or []:
        parts = file.parts
        if parts[0] == ".." or "__pycache__" in parts or file.suffix == ".pyc":
            continue
        source = file.locate()
        if not os.path.isfile(source):
            continue
        destination = os.path.join(target, *parts)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copy2(source, destination)
PY
}

npm_layer() {
  command -v npm >/dev/null || { echo "npm is not installed"; return 1; }
  mkdir -p "$ROOT/layers/nodejs/nodejs"
  (cd "$ROOT/layers/nodejs/nodejs" && npm install --no-audit --no-fund --ignore-scripts \
    --no-package-lock --loglevel=error "${NPM_PACKAGES[@]}" >/dev/null 2>&1) \
    || { echo "npm install failed (is the registry reachable?)"; return 1; }
}

generated_layer() {
  python3 - "$ROOT/layers/generated" <<'PY'
import math, os, random, sys

root = sys.argv[1]
rnd = random.Random(20261123)
site = os.path.join(root, "python", "lib", "python3.12", "site-packages")

syllables = ["ab", "ac", "al", "an", "ar", "be", "ca", "co", "de", "di", "el", "en", "er", "ex",
             "fi", "ge", "im", "in", "is", "it", "la", "le", "li", "lo", "ma", "me", "mo", "na",
             "ne", "no", "on", "or", "pa", "pe", "po", "pro", "ra", "re", "ri", "ro", "se", "si",
             "st", "ta", "te", "ti", "to", "tr", "un", "ur", "va", "ve", "vi"]
words = sorted({"".join(rnd.choices(syllables, k=rnd.randint(1, 4))) for _ in range(1500)})
keywords = ["def", "return", "self", "if", "else", "for", "in", "import", "from", "class",
            "None", "True", "False", "raise", "with", "as", "try", "except", "lambda", "yield"]

def text(size):
    out, length = [], 0
    while length < size:
        indent = "    " * rnd.randint(0, 3)
        parts = rnd.choices(keywords, k=2) + rnd.choices(words, k=rnd.randint(2, 9))
        rnd.shuffle(parts)
        line = indent + " ".join(parts) + rnd.choice(["", ":", "()", " = None", "(self)", ","]) + "\n"
        out.append(line)
        length += len(line)
    return "".join(out)[:size].encode()

def write(path, data, executable=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o755 if executable else 0o644)

packages = [rnd.choice(words) + str(i) for i in range(70)]
for package in packages:
    folders = [os.path.join(site, package)]
    for _ in range(rnd.randint(2, 12)):
        parent = rnd.choice(folders)
        if parent.count(os.sep) - site.count(os.sep) < 5:
            folders.append(os.path.join(parent, rnd.choice(words)))
    for _ in range(rnd.randint(40, 125)):
        size = int(min(300_000, rnd.lognormvariate(math.log(3500), 1.1)))
        name = rnd.choice(words) + rnd.choice([".py", ".py", ".py", ".pyi", ".txt", ".json", ".cfg"])
        write(os.path.join(rnd.choice(folders), name), text(size))
    write(os.path.join(site, package, "__init__.py"), b"")
    if rnd.random() < 0.5:
        size = rnd.randint(150_000, 2_400_000)
        write(os.path.join(site, package, "_native.cpython-312-x86_64-linux-gnu.so"),
              rnd.randbytes(size), executable=True)

for name in ["tool", "helper", "runner", "convert"]:
    write(os.path.join(root, "bin", name), b"#!/bin/sh\n" + text(rnd.randint(500, 20000)), executable=True)
write(os.path.join(root, "bin", "static-tool"), rnd.randbytes(3_000_000), executable=True)
write(os.path.join(root, "lib", "libbench.so.1.2.3"), rnd.randbytes(2_000_000))
os.symlink("libbench.so.1.2.3", os.path.join(root, "lib", "libbench.so.1"))
os.symlink("libbench.so.1", os.path.join(root, "lib", "libbench.so"))
os.symlink("../lib/libbench.so", os.path.join(root, "bin", "libbench.so"))
PY
}

# Assembles one tree once; a failed or missing part leaves a note and no tree.
assemble() {
  local name=$1
  shift
  [[ -f $ROOT/complete-$name ]] && return 0
  rm -rf "${ROOT:?}/layers/$name" "$ROOT/skipped-$name"
  mkdir -p "$ROOT/layers/$name"
  local why
  if why=$("$@" 2>&1); then
    touch "$ROOT/complete-$name"
  else
    rm -rf "${ROOT:?}/layers/$name"
    echo "${why:-assembling it failed}" | tail -1 > "$ROOT/skipped-$name"
  fi
}

if [[ "$(cat "$ROOT/.version" 2>/dev/null)" != "$TREES_VERSION" ]]; then
  rm -rf "$ROOT"
  mkdir -p "$ROOT"
  echo "$TREES_VERSION" > "$ROOT/.version"
fi
echo "zip-bench: assembling the trees in $ROOT (once)" >&2
assemble boto3 copy_python_layer boto3 boto3 botocore s3transfer jmespath python-dateutil six urllib3
assemble numpy copy_python_layer numpy numpy
assemble requests copy_python_layer requests requests urllib3 certifi idna charset-normalizer
assemble nodejs npm_layer
assemble generated generated_layer

TREES=()
for name in boto3 numpy requests nodejs generated; do
  if [[ -d $ROOT/layers/$name ]]; then
    TREES+=("$name")
  else
    echo "zip-bench: skipping $name: $(cat "$ROOT/skipped-$name" 2>/dev/null)" >&2
  fi
done
[[ ${#TREES[@]} -gt 0 ]] || { echo "zip-bench: no tree could be assembled" >&2; exit 2; }

# the jar and its class-data-sharing archive, as the launcher makes them
(cd "$REPO" && ./layerkit --version >/dev/null)
mkdir -p "$OUT"

run_zip() { # tree...
  for name in "$@"; do
    rm -f "$OUT/zip-$name.zip"
    (cd "$ROOT/layers/$name" && zip -r -6 -y -q "$OUT/zip-$name.zip" .)
  done
}
run_layerkit() { # tree...
  local paths=()
  for name in "$@"; do paths+=("layers/$name"); done
  (cd "$BENCH_DIR" && "$REPO/layerkit" build --source "dir:$ROOT" --out "$OUT/layerkit" \
    "${paths[@]}" >"$OUT/layerkit.log" 2>&1)
}
run_java_jar() {
  (cd "$BENCH_DIR" && java -jar "$REPO/target/layerkit.jar" build --source "dir:$ROOT" \
    --out "$OUT/layerkit" layers/requests >"$OUT/layerkit.log" 2>&1)
}
run_jvm() { java -version 2>/dev/null; }
run_version() { "$REPO/layerkit" --version >/dev/null; }
export OUT ROOT BENCH_DIR REPO
export -f run_zip run_layerkit run_java_jar run_jvm run_version

# runs a command, appends its wall time in ms to the series named $1
declare -A SERIES
timed() {
  local series=$1
  shift
  if ! /usr/bin/time -f '%e' -o "$BENCH_DIR/time.txt" bash -c "$*"; then
    echo "zip-bench: $* failed:" >&2
    cat "$OUT/layerkit.log" >&2 2>/dev/null || true
    exit 1
  fi
  SERIES[$series]+=" $(awk '{printf "%d", $1 * 1000}' "$BENCH_DIR/time.txt")"
}
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one_round() {
  local first=$1
  for name in "${TREES[@]}"; do
    if [[ $first == zip ]]; then
      timed "zip $name" run_zip "$name"; timed "layerkit $name" run_layerkit "$name"
    else
      timed "layerkit $name" run_layerkit "$name"; timed "zip $name" run_zip "$name"
    fi
  done
  if [[ $first == zip ]]; then
    timed "zip all" run_zip "${TREES[@]}"; timed "layerkit all" run_layerkit "${TREES[@]}"
  else
    timed "layerkit all" run_layerkit "${TREES[@]}"; timed "zip all" run_zip "${TREES[@]}"
  fi
  if [[ " ${TREES[*]} " == *" requests "* ]]; then
    timed "jvm" run_jvm
    timed "version" run_version
    timed "java -jar requests" run_java_jar
  fi
}

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(zip -v | sed -n 2p | sed 's/^ *//')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the rounds; bench group niceness $BENCH_NICE"
# warm-up: reads every tree into the page cache, builds nothing timed
find "$ROOT/layers" -type f -exec cat {} + >/dev/null
one_round zip
SERIES=()
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then one_round layerkit; else one_round zip; fi
  echo "round $round done" >&2
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the rounds"
echo

size_of() { stat -c %s "$1"; }
printf '%-10s %6s %8s %9s %6s %11s %11s %6s\n' tree files "zip ms" "lk ms" ratio "zip bytes" "lk bytes" size
total_zip_bytes=0 total_lk_bytes=0
for name in "${TREES[@]}"; do
  unzip -tqq "$OUT/layerkit/$name.zip" >/dev/null || { echo "zip-bench: $name.zip failed unzip -t" >&2; exit 1; }
  files=$(find "$ROOT/layers/$name" -type f -o -type l | wc -l)
  zt=$(median "${SERIES[zip $name]}")
  lt=$(median "${SERIES[layerkit $name]}")
  zs=$(size_of "$OUT/zip-$name.zip")
  ls=$(size_of "$OUT/layerkit/$name.zip")
  total_zip_bytes=$((total_zip_bytes + zs))
  total_lk_bytes=$((total_lk_bytes + ls))
  awk -v n="$name" -v f="$files" -v zt="$zt" -v lt="$lt" -v zs="$zs" -v ls="$ls" 'BEGIN {
    printf "%-10s %6d %8d %9d %6.2f %11d %11d %6.3f\n", n, f, zt, lt, lt / zt, zs, ls, ls / zs }'
done
zt=$(median "${SERIES[zip all]}")
lt=$(median "${SERIES[layerkit all]}")
awk -v zt="$zt" -v lt="$lt" -v zs="$total_zip_bytes" -v ls="$total_lk_bytes" -v n="${#TREES[@]}" 'BEGIN {
  tr = lt / zt; sr = ls / zs
  printf "%-10s %6s %8d %9d %6.2f %11d %11d %6.3f\n", "all", "", zt, lt, tr, zs, ls, sr
  printf "\nall %d layers, one build vs zip once per layer: time %.2f (goal <= 0.75: %s), size %.3f (goal <= 1.02: %s)\n",
    n, tr, tr <= 0.75 ? "met" : "NOT met", sr, sr <= 1.02 ? "met" : "NOT met"
}'
if [[ -n ${SERIES[jvm]:-} ]]; then
  awk -v lk="$(median "${SERIES[layerkit requests]}")" -v jar="$(median "${SERIES[java -jar requests]}")" \
      -v jvm="$(median "${SERIES[jvm]}")" -v zip="$(median "${SERIES[zip requests]}")" \
      -v version="$(median "${SERIES[version]}")" 'BEGIN {
    printf "small layer (requests): ./layerkit build %d ms (goal <= 450: %s), java -jar %d ms\n", lk, lk <= 450 ? "met" : "NOT met", jar
    printf "  vs JVM alone (java -version) %d ms: %.2fx; vs zip %d ms: %.1fx;", jvm, lk / jvm, zip, lk / zip
    printf " JVM and command line alone (./layerkit --version) %d ms\n", version
  }'
fi
