package io.layerkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A real {@code moto_server} (the AWS emulator) on a free loopback port, for tests that talk to
 * AWS through the real SDK.
 *
 * <p>Use it as a static field: {@code @RegisterExtension static final MotoServer MOTO = new MotoServer();}.
 * One server is started for the whole test run (the first class that needs it starts it; the
 * JUnit root store closes it, an {@link AutoCloseable}, when the run ends) and it is reset ({@code POST /moto-api/reset})
 * before every test, so each test starts from an empty account.
 *
 * <p>What a test needs to reach it: {@link #endpoint()} (e.g. {@code http://127.0.0.1:43121}, for
 * every service), {@link #region()} ({@code us-east-1}), and {@link #credentials()} (the dummy
 * key {@code testing}/{@code testing}; moto accepts any). Code that builds its own clients from the
 * default chain can be pointed at it with the system properties {@code aws.accessKeyId},
 * {@code aws.secretAccessKey} and {@code aws.region}; this extension sets none of them itself.
 * Moto's account id is {@value #ACCOUNT_ID}.
 *
 * <p>When {@code moto_server} is not installed (not on {@code PATH}, and {@code MOTO_SERVER} does
 * not name it) the tests are skipped with a message saying so, except when the environment
 * variable {@code CI} is {@code true}: there a missing emulator is a failure, never a silent skip.
 */
public final class MotoServer implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {
  public static final String ACCOUNT_ID = "123456789012";
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private Running server;

  /** Base URL of the emulator, the same for every AWS service. */
  public URI endpoint() {
    return running().endpoint();
  }

  public Region region() {
    return Region.US_EAST_1;
  }

  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /**
   * A client of the emulator in its region, with its credentials, over the URL-connection HTTP
   * client layerkit uses; S3 callers add {@code forcePathStyle(true)} to the builder.
   */
  public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder) {
    return client(builder, region());
  }

  /** The same in another of the regions the emulator serves at once. */
  public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder,
      Region region) {
    return builder.endpointOverride(endpoint()).region(region).credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Clears every resource in the emulator (done before each test; call it again if a test needs to). */
  public void reset() {
    post(running().endpoint().resolve("/moto-api/reset"));
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return condition(System.getenv());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path exe = executable(System.getenv()).orElseThrow(() -> new IllegalStateException(
        "moto_server not found on PATH (or in MOTO_SERVER) and CI=true: the AWS tests need it"));
    server = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Running.class, key -> Running.start(exe), Running.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  private Running running() {
    if (server == null) {
      throw new IllegalStateException("MotoServer is not started: register it with @RegisterExtension on a static field");
    }
    return server;
  }

  /**
   * Run when moto_server is there; skip with a message when it is not, unless {@code CI=true}:
   * then run, so that {@link #beforeAll} fails loudly instead of the tests vanishing.
   */
  static ConditionEvaluationResult condition(Map<String, String> env) {
    if (executable(env).isPresent() || "true".equalsIgnoreCase(env.get("CI"))) {
      return ConditionEvaluationResult.enabled("moto_server available (or CI requires it)");
    }
    return ConditionEvaluationResult.disabled(
        "moto_server not found on PATH (or in MOTO_SERVER): install it with "
            + "`pip install 'moto[server]'` to run the AWS tests; they are skipped");
  }

  static Optional<Path> executable(Map<String, String> env) {
    String configured = env.get("MOTO_SERVER");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVar = Optional.ofNullable(env.get("PATH")).orElse("");
    return Stream.of(pathVar.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "moto_server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static void post(URI uri) {
    try {
      HttpResponse<Void> response = HTTP.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto_server answered " + response.statusCode() + " to POST " + uri);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto_server did not answer POST " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling moto_server", e);
    }
  }

  /** One started emulator process; closed by the JUnit root store at the end of the run. */
  private record Running(Process process, URI endpoint, Path log) implements AutoCloseable {

    static Running start(Path exe) {
      IllegalStateException last = null;
      // a free port can be taken between probing and binding: try a few times
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          return startOnce(exe, freePort());
        } catch (IllegalStateException e) {
          last = e;
        }
      }
      throw last;
    }

    private static Running startOnce(Path exe, int port) {
      try {
        Path log = Files.createTempFile("moto-server-", ".log");
        Process process = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        Running running = new Running(process, URI.create("http://127.0.0.1:" + port), log);
        running.awaitReady();
        return running;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start " + exe + ": " + e.getMessage(), e);
      }
    }

    private void awaitReady() {
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
          .timeout(Duration.ofSeconds(2)).GET().build();
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          String output = readLog();
          close();
          throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + output);
        }
        try {
          if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
        sleep(Duration.ofMillis(100));
      }
      close();
      throw new IllegalStateException("moto_server did not answer GET /moto-api/ within " + START_TIMEOUT);
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a leftover log in the temp folder is harmless
      }
    }

    private String readLog() {
      try {
        String text = Files.readString(log);
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
      } catch (IOException e) {
        return "(no output: " + e.getMessage() + ")";
      }
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port", e);
      }
    }

    private static void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
