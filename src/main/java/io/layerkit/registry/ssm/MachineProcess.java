package io.layerkit.registry.ssm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process on one running kernel: Linux's boot id names the kernel instance (one per machine
 * boot, one per Lambda micro-VM), so a lease holder with our boot id and a process id that no
 * longer runs is known dead, and its lease need not be waited out.
 *
 * @param bootId the kernel's boot id, or {@code null} where it cannot be read (then nothing is
 *     ever known dead)
 * @param pid the process id
 */
record MachineProcess(String bootId, Long pid) {
  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
  private static final MachineProcess CURRENT =
      new MachineProcess(readBootId().orElse(null), ProcessHandle.current().pid());

  static MachineProcess current() {
    return CURRENT;
  }

  /** Whether this process ran on our kernel and has ended. */
  boolean endedHere() {
    return bootId != null && pid != null && bootId.equals(CURRENT.bootId)
        && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  private static Optional<String> readBootId() {
    try {
      String id = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
