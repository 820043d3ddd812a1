package io.layerkit.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs the function the way Lambda does, in a fresh JVM: the handler is made with its public
 * no-argument constructor (configuration from the process environment, AWS endpoints from the
 * SDK's own {@code AWS_ENDPOINT_URL*} variables), then each event file is handled in turn. The
 * response goes to stdout, one line per event; the timings to stderr as one JSON line.
 *
 * <p>{@code -Dlaunched=<epoch millis>} is when the shell started the JVM, so that the figures
 * include the JVM's own start-up: {@code init} is launch to handler made (Lambda's init phase),
 * {@code event<N>} is launch to the end of event N.
 *
 * <pre>java -Dlaunched=$(date +%s%3N) -cp target/layerkit.jar:target/test-classes \
 *     io.layerkit.lambda.LocalInvoke event.json [event.json ...]</pre>
 */
public final class LocalInvoke {
  private LocalInvoke() {}

  public static void main(String[] args) throws Exception {
    long launched = Long.getLong("launched", System.currentTimeMillis());
    LayerkitHandler handler = new LayerkitHandler();
    StringBuilder timings = new StringBuilder("{\"init\":" + (System.currentTimeMillis() - launched));
    for (int i = 0; i < args.length; i++) {
      byte[] event = Files.readAllBytes(Path.of(args[i]));
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(event), response,
          InvocationContext.plenty(UUID.randomUUID().toString()));
      timings.append(",\"event").append(i + 1).append("\":")
          .append(System.currentTimeMillis() - launched);
      System.out.println(response.toString(StandardCharsets.UTF_8));
    }
    System.err.println(timings.append('}'));
  }
}
