package io.layerkit.source.bitbucket;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's Bitbucket: the JDK's own HTTP server answering with {@link BitbucketTreeResponder}'s
 * answers (the same bodies and headers as the WireMock stubs), each {@code latency} late. Far
 * lighter than WireMock per request, so on a small machine the server takes as little CPU from the
 * client being measured as it can.
 */
final class BenchApiServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final AtomicLong served = new AtomicLong();

  BenchApiServer(RepoTree tree, String branch, String commit, int latencyMillis)
      throws IOException {
    // without TCP_NODELAY small answers wait for the client's delayed ACK: 40 ms each
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    BitbucketApiStub shapes = new BitbucketApiStub(null, baseUrl(), "acme", "platform");
    BitbucketTreeResponder responder = new BitbucketTreeResponder(shapes, tree, branch, commit);
    // a thread per request in flight: the latency is slept, not spent
    this.threads = Executors.newFixedThreadPool(128);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (exchange) {
        ResponseDefinition answer = responder.answerFor(exchange.getRequestURI().toString());
        TimeUnit.MILLISECONDS.sleep(latencyMillis);
        send(exchange, answer);
        served.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered so far. */
  long served() {
    return served.get();
  }

  void resetCount() {
    served.set(0);
  }

  private static void send(HttpExchange exchange, ResponseDefinition answer) throws IOException {
    byte[] body = answer.getByteBody() == null ? new byte[0] : answer.getByteBody();
    if (answer.getHeaders() != null) {
      for (HttpHeader header : answer.getHeaders().all()) {
        if (!header.key().equalsIgnoreCase("Content-Length")) {
          exchange.getResponseHeaders().put(header.key(), header.values());
        }
      }
    }
    exchange.sendResponseHeaders(answer.getStatus(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
