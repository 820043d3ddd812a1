package io.layerkit.source.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the repositories under one folder over Git's smart HTTP protocol on loopback, the way a
 * real Git host does: the JDK's HTTP server hands every request to {@code git http-backend} as a
 * CGI program. It can require HTTP basic auth, add latency to every request, and remembers the
 * requests it saw so that tests can check what a client sent.
 */
final class GitHttpBackendServer implements AutoCloseable {

  /** One request as the server saw it. */
  record SeenRequest(String method, String path, Optional<String> authorization, int status) {}

  private final Path projectRoot;
  private final Optional<String> expectedAuthorization;
  private final Duration latency;
  private final boolean protocolV2;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<SeenRequest> seen = Collections.synchronizedList(new ArrayList<>());

  private GitHttpBackendServer(Path projectRoot, Optional<String> user, Optional<String> password,
      Duration latency, boolean protocolV2) throws IOException {
    this.projectRoot = projectRoot;
    this.latency = latency;
    this.protocolV2 = protocolV2;
    this.expectedAuthorization = user.map(name -> "Basic " + Base64.getEncoder().encodeToString(
        (name + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Serves {@code projectRoot} to anyone. */
  static GitHttpBackendServer open(Path projectRoot) throws IOException {
    return new GitHttpBackendServer(projectRoot, Optional.empty(), Optional.empty(), Duration.ZERO,
        true);
  }

  /**
   * Serves {@code projectRoot} speaking only the original protocol (v0), as older servers do:
   * clients may then only ask for advertised tips unless the repository allows more.
   */
  static GitHttpBackendServer protocolV0Only(Path projectRoot) throws IOException {
    return new GitHttpBackendServer(projectRoot, Optional.empty(), Optional.empty(), Duration.ZERO,
        false);
  }

  /** Serves {@code projectRoot} only to requests carrying this user and password. */
  static GitHttpBackendServer withBasicAuth(Path projectRoot, String user, String password)
      throws IOException {
    return new GitHttpBackendServer(projectRoot, Optional.of(user), Optional.of(password),
        Duration.ZERO, true);
  }

  /** Serves {@code projectRoot}, answering every request only after {@code latency}. */
  static GitHttpBackendServer withLatency(Path projectRoot, Duration latency) throws IOException {
    return new GitHttpBackendServer(projectRoot, Optional.empty(), Optional.empty(), latency, true);
  }

  /** The clone URL of the repository in folder {@code name} under the project root. */
  String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
  }

  List<SeenRequest> requests() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    try (exchange) {
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      if (expectedAuthorization.isPresent() && !expectedAuthorization.get().equals(authorization)) {
        seen.add(request(exchange, authorization, 401));
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"layerkit-test\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      int status = runBackend(exchange);
      seen.add(request(exchange, authorization, status));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SeenRequest request(HttpExchange exchange, String authorization, int status) {
    return new SeenRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        Optional.ofNullable(authorization), status);
  }

  private int runBackend(HttpExchange exchange) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = builder.environment();
    FixtureRepository.isolate(env, projectRoot);
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("REMOTE_ADDR", "127.0.0.1");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath());
    env.put("QUERY_STRING", Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
    copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
    copyHeader(exchange, "Content-Length", env, "CONTENT_LENGTH");
    copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
    if (protocolV2) {
      copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
    }
    expectedAuthorization.ifPresent(ignored -> env.put("REMOTE_USER", "tester"));
    Process process = builder.start();
    executor.submit(() -> {
      try (InputStream body = exchange.getRequestBody(); OutputStream stdin = process.getOutputStream()) {
        body.transferTo(stdin);
      }
      return null;
    });
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    executor.submit(() -> {
      try (InputStream stderr = process.getErrorStream()) {
        stderr.transferTo(errors);
      }
      return null;
    });
    try (InputStream stdout = process.getInputStream()) {
      int status = 200;
      for (String line = readLine(stdout); !line.isEmpty(); line = readLine(stdout)) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        stdout.transferTo(body);
      }
      process.waitFor();
      return status;
    }
  }

  private static void copyHeader(HttpExchange exchange, String header, Map<String, String> env,
      String variable) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      env.put(variable, value);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
