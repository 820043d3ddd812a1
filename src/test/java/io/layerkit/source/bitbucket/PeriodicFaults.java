package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.http.HttpHeader.httpHeader;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WireMock extension that spoils answers on a fixed rhythm, counting every request the server
 * answers: every 7th is throttled (429, {@code Retry-After: 1}, Bitbucket's plain-text body),
 * every 11th fails with a 500 (Bitbucket's error envelope), every 13th has its body cut in half
 * (the full length declared, then the connection closed). A request due two faults gets the first.
 */
final class PeriodicFaults implements ResponseTransformerV2 {
  static final String NAME = "periodic-faults";

  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong cut = new AtomicLong();

  /** Faults injected so far. */
  record Counts(long answered, long throttled, long failed, long cut) {
    Counts minus(Counts earlier) {
      return new Counts(answered - earlier.answered, throttled - earlier.throttled,
          failed - earlier.failed, cut - earlier.cut);
    }
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public Response transform(Response response, ServeEvent serveEvent) {
    long n = answered.incrementAndGet();
    if (n % 7 == 0) {
      throttled.incrementAndGet();
      return Response.Builder.like(response).but().status(429)
          .headers(new HttpHeaders(httpHeader("Content-Type", "text/plain"),
              httpHeader("Retry-After", "1")))
          .body("Rate limit for this resource has been exceeded").build();
    }
    if (n % 11 == 0) {
      failed.incrementAndGet();
      return Response.Builder.like(response).but().status(500)
          .headers(new HttpHeaders(httpHeader("Content-Type", "application/json")))
          .body("{\"type\": \"error\", \"error\": {\"message\": \"Internal Server Error\"}}")
          .build();
    }
    byte[] body = response.getBody();
    if (n % 13 == 0 && response.getStatus() == 200 && body != null && body.length > 1) {
      cut.incrementAndGet();
      List<HttpHeader> headers = new ArrayList<>();
      for (HttpHeader header : response.getHeaders().all()) {
        if (!header.keyEquals("Content-Length")) {
          headers.add(header);
        }
      }
      headers.add(httpHeader("Content-Length", String.valueOf(body.length)));
      return Response.Builder.like(response).but().headers(new HttpHeaders(headers))
          .body(Arrays.copyOf(body, body.length / 2)).build();
    }
    return response;
  }

  Counts counts() {
    return new Counts(answered.get(), throttled.get(), failed.get(), cut.get());
  }
}
