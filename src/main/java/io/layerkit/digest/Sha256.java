package io.layerkit.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest layerkit uses for zips, contents and its own tokens, as lowercase hex. */
public final class Sha256 {
  private static final int BUFFER = 256 * 1024;

  private Sha256() {}

  public static MessageDigest newDigest() {
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
  public static void warmUpInBackground() {
    Thread thread = new Thread(() -> newDigest().update(new byte[WARM_UP_BYTES]),
        "layerkit-sha256-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Enough 64-byte blocks for C1 to compile the block function (200 calls), and no more. */
  private static final int WARM_UP_BYTES = 32 * 1024;

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The digest of a file's bytes, read in a stream whatever its size. */
  public static String of(Path file) throws IOException {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest);
  }

  /** The digest of lines of text: each line's UTF-8 bytes followed by {@code \n}. */
  public static String ofLines(Iterable<String> lines) {
    MessageDigest digest = newDigest();
    for (String line : lines) {
      digest.update(line.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
    }
    return hex(digest);
  }
}
