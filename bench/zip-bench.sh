#!/usr/bin/env bash
# Times layerkit building a layer zip against Info-ZIP's `zip -r -6 -y` on the same folder:
# whole processes (JVM start included), alternating, ROUNDS rounds each after one untimed warm-up,
# and prints per-round wall and CPU times, the median time ratio (layerkit/zip) and the size
# ratio. Goal (issue 2): time <= 0.75x of zip's, size <= 1.02x. The machine's load average is
# printed too: other processes competing for the cores slow a parallel JVM more than zip.
# BENCH_NICE=-10 runs the whole bench in its own scheduling group with that niceness (root only;
# Linux schedules session groups fairly, so a plain `nice` does not help against other sessions),
# to keep a busy machine's other work from deciding the result. Both tools always run under the
# same conditions.
#
# The tree (about 6,000 files / 85 MB: Python-like text of many sizes, incompressible binaries,
# executables, links, nested site-packages folders) is generated once, from a fixed seed, and
# cached in $LAYERKIT_BENCH_DIR (default ${TMPDIR:-/tmp}/layerkit-bench).
#
# layerkit runs as `java -jar target/layerkit.jar build` when that jar has a build command;
# otherwise as the archiver alone through io.layerkit.archive.ArchiveBenchMain (test classpath).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${LAYERKIT_BENCH_DIR:-${TMPDIR:-/tmp}/layerkit-bench}
ROUNDS=${ROUNDS:-3}
BENCH_NICE=${BENCH_NICE:-0}
if [[ $BENCH_NICE != 0 && -z ${ZIP_BENCH_GROUP:-} ]]; then
  ZIP_BENCH_GROUP=1 exec setsid "$0" "$@"
fi
if [[ $BENCH_NICE != 0 ]] && ! echo "$BENCH_NICE" 2>/dev/null > /proc/self/autogroup; then
  echo "zip-bench: cannot set the scheduling group's niceness (needs root); running without" >&2
  BENCH_NICE=0
fi
ROOT=$BENCH_DIR/root
PACKAGE=layers/bench-layer
OUT=$BENCH_DIR/out
GENERATOR_VERSION=1

for tool in zip unzip python3 java /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "zip-bench: '$tool' is needed but not installed" >&2; exit 2; }
done

generate_tree() {
  echo "zip-bench: generating the bench tree in $ROOT/$PACKAGE (once)" >&2
  rm -rf "$ROOT"
  mkdir -p "$ROOT/$PACKAGE"
  python3 - "$ROOT/$PACKAGE" <<'PY'
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

files = 0
text_bytes = 0
binary_bytes = 0
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
        files += 1
        text_bytes += size
    write(os.path.join(site, package, "__init__.py"), b"")
    files += 1
    if rnd.random() < 0.5:
        size = rnd.randint(150_000, 2_400_000)
        write(os.path.join(site, package, "_native.cpython-312-x86_64-linux-gnu.so"),
              rnd.randbytes(size), executable=True)
        files += 1
        binary_bytes += size

for name in ["tool", "helper", "runner", "convert"]:
    write(os.path.join(root, "bin", name), b"#!/bin/sh\n" + text(rnd.randint(500, 20000)), executable=True)
    files += 1
write(os.path.join(root, "bin", "static-tool"), rnd.randbytes(3_000_000), executable=True)
binary_bytes += 3_000_000
write(os.path.join(root, "lib", "libbench.so.1.2.3"), rnd.randbytes(2_000_000))
binary_bytes += 2_000_000
os.symlink("libbench.so.1.2.3", os.path.join(root, "lib", "libbench.so.1"))
os.symlink("libbench.so.1", os.path.join(root, "lib", "libbench.so"))
os.symlink("../lib/libbench.so", os.path.join(root, "bin", "libbench.so"))
files += 5
print(f"zip-bench: {files} files, {text_bytes / 2**20:.1f} MB text, "
      f"{binary_bytes / 2**20:.1f} MB binary", file=sys.stderr)
PY
  echo "$GENERATOR_VERSION" > "$ROOT/.complete"
}

if [[ "$(cat "$ROOT/.complete" 2>/dev/null)" != "$GENERATOR_VERSION" ]]; then
  generate_tree
fi
mkdir -p "$OUT"

JAR=$REPO/target/layerkit.jar
if [[ -f $JAR ]] && java -jar "$JAR" build --help >/dev/null 2>&1; then
  RUNNER="layerkit CLI (java -jar target/layerkit.jar build)"
  run_layerkit() {
    (cd "$BENCH_DIR" && java -jar "$JAR" build --source "dir:$ROOT" --out "$OUT/layerkit" "$PACKAGE" \
      >"$OUT/layerkit.log" 2>&1)
  }
else
  RUNNER="archiver alone (io.layerkit.archive.ArchiveBenchMain; no CLI jar with a build command yet)"
  if ! build_log=$(cd "$REPO" && mvn -q -B test-compile 2>&1 \
      && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$BENCH_DIR/classpath.txt" 2>&1); then
    echo "$build_log" >&2
    exit 1
  fi
  CLASSPATH_BENCH="$REPO/target/classes:$REPO/target/test-classes:$(cat "$BENCH_DIR/classpath.txt")"
  run_layerkit() {
    mkdir -p "$OUT/layerkit"
    java -cp "$CLASSPATH_BENCH" io.layerkit.archive.ArchiveBenchMain \
      "$ROOT" "$PACKAGE" "$OUT/layerkit/bench-layer.zip" >"$OUT/layerkit.log" 2>&1
  }
fi
run_zip() {
  rm -f "$OUT/zip.zip"
  (cd "$ROOT/$PACKAGE" && zip -r -6 -y -q "$OUT/zip.zip" .)
}

# runs a function and sets WALL_MS and CPU_MS (user + system of the process and its children)
export OUT ROOT PACKAGE BENCH_DIR JAR CLASSPATH_BENCH
export -f run_zip run_layerkit
timed() {
  if ! /usr/bin/time -f '%e %U %S' -o "$BENCH_DIR/time.txt" bash -c "$1"; then
    echo "zip-bench: $1 failed:" >&2
    cat "$OUT/layerkit.log" >&2 2>/dev/null || true
    exit 1
  fi
  read -r WALL_MS CPU_MS < <(awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$BENCH_DIR/time.txt")
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

files=$(find "$ROOT/$PACKAGE" -type f -o -type l | wc -l)
bytes=$(du -sb --apparent-size "$ROOT/$PACKAGE" | cut -f1)
echo "tree:    $files files and links, $((bytes / 1048576)) MB, in $ROOT/$PACKAGE"
echo "layerkit: $RUNNER"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(zip -v | sed -n 2p | sed 's/^ *//')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the rounds; bench group niceness $BENCH_NICE"

# untimed warm-up: both read the tree from the page cache afterwards
timed run_zip
rm -rf "$OUT/layerkit"
timed run_layerkit
zip_times=(); layerkit_times=(); zip_cpu=(); layerkit_cpu=()
for round in $(seq 1 "$ROUNDS"); do
  timed run_zip
  zw=$WALL_MS zc=$CPU_MS
  rm -rf "$OUT/layerkit"
  timed run_layerkit
  lw=$WALL_MS lc=$CPU_MS
  zip_times+=("$zw"); layerkit_times+=("$lw"); zip_cpu+=("$zc"); layerkit_cpu+=("$lc")
  printf 'round %d: zip %6d ms (cpu %6d ms)   layerkit %6d ms (cpu %6d ms)\n' \
    "$round" "$zw" "$zc" "$lw" "$lc"
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the rounds"

LAYERKIT_ZIP=$(find "$OUT/layerkit" -name '*.zip' | head -1)
unzip -tqq "$LAYERKIT_ZIP" || { echo "zip-bench: layerkit's zip failed unzip -t" >&2; exit 1; }
zip_size=$(stat -c %s "$OUT/zip.zip")
layerkit_size=$(stat -c %s "$LAYERKIT_ZIP")
zip_median=$(median "${zip_times[@]}")
layerkit_median=$(median "${layerkit_times[@]}")
awk -v lt="$layerkit_median" -v zt="$zip_median" -v ls="$layerkit_size" -v zs="$zip_size" \
    -v lc="$(median "${layerkit_cpu[@]}")" -v zc="$(median "${zip_cpu[@]}")" 'BEGIN {
  tr = lt / zt; sr = ls / zs
  printf "median:  zip %d ms, layerkit %d ms (cpu: zip %d ms, layerkit %d ms)\n", zt, lt, zc, lc
  printf "size:    zip %d bytes, layerkit %d bytes\n", zs, ls
  printf "time ratio (layerkit/zip): %.2f  (goal <= 0.75: %s)\n", tr, tr <= 0.75 ? "met" : "NOT met"
  printf "size ratio (layerkit/zip): %.3f (goal <= 1.02: %s)\n", sr, sr <= 1.02 ? "met" : "NOT met"
}'
