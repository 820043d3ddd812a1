package io.layerkit.lambda;

/**
 * The cold-start baseline: a JVM that starts and does nothing. Prints, in milliseconds, the time
 * from {@code -Dlaunched=<epoch millis>} (set by the shell) to {@code main}.
 */
public final class JvmBaseline {
  private JvmBaseline() {}

  public static void main(String[] args) {
    long launched = Long.getLong("launched", System.currentTimeMillis());
    System.err.println("{\"main\":" + (System.currentTimeMillis() - launched) + "}");
  }
}
