package io.layerkit.registry.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.registry.Lease;
import io.layerkit.registry.LeaseHeldException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases of a file registry: a lock another process holds (Python's {@code fcntl.lockf}, the
 * same POSIX lock the JVM takes) is waited for and named, and taken once that process has died
 * without giving it back.
 */
class FileLeasesTest {
  @TempDir Path dir;

  @Test
  void aLockHeldByAnotherProcessIsWaitedForUntilThatProcessDies() throws Exception {
    Path registry = dir.resolve("releases.json");
    Path lockFile = dir.resolve("releases.json.requests.lease");
    Process holder = new ProcessBuilder("python3", "-c", """
        import fcntl, sys, time
        f = open(sys.argv[1], "w")
        fcntl.lockf(f, fcntl.LOCK_EX)
        print("locked", flush=True)
        time.sleep(60)
        """, lockFile.toString()).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      List<String> told = new ArrayList<>();

      assertThatThrownBy(() -> new FileLeases(registry)
          .take("requests", Duration.ofSeconds(1), told::add))
          .isInstanceOf(LeaseHeldException.class)
          .hasMessage("package requests is being published by another run (it holds " + lockFile
              + "); waited 1 s: run again once it has finished");
      assertThat(told).containsExactly("lock " + lockFile + " held by another process");
    } finally {
      holder.destroyForcibly().waitFor(); // kill -9: the lock is never given back
    }

    try (Lease lease = new FileLeases(registry).take("requests", Duration.ofSeconds(1),
        noWait -> { })) {
      assertThat(lease).isNotNull();
    }
  }

  @Test
  void aSecondRunInTheSameProcessWaitsForTheFirst() throws Exception {
    FileLeases leases = new FileLeases(dir.resolve("releases.json"));
    Duration wait = Duration.ofMillis(300);
    try (Lease first = leases.take("requests", wait, holder -> { })) {
      List<String> told = new ArrayList<>();
      assertThatThrownBy(() -> leases.take("requests", wait, told::add))
          .isInstanceOf(LeaseHeldException.class);
      assertThat(told).singleElement().asString().endsWith("held by another run in this process");
      try (Lease other = leases.take("tools", wait, holder -> { })) {
        assertThat(other).as("another package's lease is its own").isNotNull();
      }
    }
    try (Lease again = leases.take("requests", wait, holder -> { })) {
      assertThat(again).isNotNull();
    }
  }
}
