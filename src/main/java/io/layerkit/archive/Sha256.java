package io.layerkit.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest layerkit uses for zips and contents, as lowercase hex. */
final class Sha256 {
  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * Looks SHA-256 up and hashes a little, on a daemon thread: the first lookup initialises the
   * JDK's security providers, and the first blocks run interpreted, tens of milliseconds a short
   * run would otherwise spend before its first entry. Started while the tree is being listed.
   */
  static void warmUpInBackground() {
    Thread thread = new Thread(() -> newDigest().update(new byte[WARM_UP_BYTES]),
        "layerkit-sha256-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Enough 64-byte blocks for C1 to compile the block function (200 calls), and no more. */
  private static final int WARM_UP_BYTES = 32 * 1024;

  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  static String of(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[256 * 1024];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest);
  }
}
