#!/usr/bin/env bash
# What the SBOM and the provenance add to building a layer: the same real tree zipped by the
# archiver alone (the baseline) and zipped while the SBOM collector reads the passing bytes, then
# the CycloneDX SBOM written and the in-toto provenance written and signed (a local P-256 key in
# place of KMS: KMS's round trip is the network's time, not layerkit's). One JVM, warm, the two
# alternating for ROUNDS rounds; prints every round, the medians and their ratio, and the SBOM's
# component counts.
#
# The tree is real, and built once into $LAYERKIT_BENCH_DIR (default ${TMPDIR:-/tmp}/layerkit-trust-bench):
#   python/lib/python3.11/site-packages  this machine's installed distributions, copied file by
#                                       file as importlib.metadata lists them (boto3, botocore, ...)
#   nodejs/node_modules                  npm install @aws-sdk/client-s3@3.700.0 (skipped without
#                                       the npm registry)
#   java/lib                             the jars of layerkit's own build from the Maven repository
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${LAYERKIT_BENCH_DIR:-${TMPDIR:-/tmp}/layerkit-trust-bench}
ROUNDS=${ROUNDS:-5}
ROOT=$BENCH_DIR/root
PACKAGE=layers/trust-bench
LAYER=$ROOT/$PACKAGE
TREE_VERSION=1
cd "$REPO"
source bench/lib.sh

for tool in python3 java mvn; do
  command -v "$tool" >/dev/null || { echo "trust-bench: '$tool' is needed but not installed" >&2; exit 2; }
done

CLASSPATH_BENCH=$(test_classpath)

build_tree() {
  echo "trust-bench: building the bench tree in $LAYER (once)" >&2
  rm -rf "$ROOT"
  mkdir -p "$LAYER/java/lib" "$LAYER/nodejs"
  python3 - "$LAYER/python/lib/python3.11/site-packages" <<'PY'
import importlib.metadata as metadata, os, shutil, sys
target = sys.argv[1]
wanted = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3",
          "requests", "certifi", "idna", "charset-normalizer", "pyyaml", "jinja2", "markupsafe",
          "attrs", "cryptography", "cffi", "pycparser", "click", "flask", "werkzeug"}
copied = 0
for dist in metadata.distributions():
    name = (dist.metadata["Name"] or "").lower()
    if name not in wanted or not dist.files:
        continue
    for file in dist.files:
        if str(file).startswith("..") or "__pycache__" in str(file):
            continue
        source = dist.locate_file(file)
        if os.path.isfile(source):
            destination = os.path.join(target, str(file))
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            shutil.copyfile(source, destination)
    copied += 1
print(f"trust-bench: {copied} Python distributions copied", file=sys.stderr)
PY
  if (cd "$LAYER/nodejs" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
      @aws-sdk/client-s3@3.700.0 >/dev/null 2>&1); then
    echo "trust-bench: npm install @aws-sdk/client-s3@3.700.0 done" >&2
  else
    echo "trust-bench: npm registry not reachable: no Node packages in the tree" >&2
    rm -rf "$LAYER/nodejs"
  fi
  tr ':' '\n' <<<"$CLASSPATH_BENCH" | grep '/.m2/repository/.*\.jar$' | while read -r jar; do
    cp "$jar" "$LAYER/java/lib/"
  done
  echo "$TREE_VERSION" > "$ROOT/.complete"
}

if [[ "$(cat "$ROOT/.complete" 2>/dev/null)" != "$TREE_VERSION" ]]; then
  build_tree
fi

files=$(find "$LAYER" -type f -o -type l | wc -l)
bytes=$(du -sb --apparent-size "$LAYER" | cut -f1)
echo "tree:    $files files and links, $((bytes / 1048576)) MB, in $LAYER"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the rounds"
java -cp "$CLASSPATH_BENCH" io.layerkit.sbom.TrustBenchMain "$ROOT" "$PACKAGE" "$BENCH_DIR/out" "$ROUNDS"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the rounds"
