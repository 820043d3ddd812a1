# Shared by the bench scripts (sourced, not run). Call from the repository root.

# Maven's output (and this Maven's stray colour codes) stays out of the figures unless it fails.
quiet_mvn() {
  local log
  if ! log=$(mvn -q -B "$@" 2>&1); then
    echo "$log" >&2
    exit 2
  fi
}

# Compiles the tests and prints the classpath that runs the bench entry points kept there.
test_classpath() {
  quiet_mvn test-compile
  quiet_mvn dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt
  echo "target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
}
