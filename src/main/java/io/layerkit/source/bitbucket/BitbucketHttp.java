package io.layerkit.source.bitbucket;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.failsafe.function.CheckedSupplier;
import io.layerkit.source.Secret;
import io.layerkit.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends GETs to Bitbucket Cloud: adds the credentials (only ever to the API's own host), follows
 * redirects by hand (an LFS download leaves for another host, without the token), counts every
 * request sent, bounds requests in flight with a semaphore, and retries what may pass — 429 (after
 * Retry-After when given), 5xx, connection failures, timeouts — with Failsafe, bounded in attempts
 * and total time. Anything else ends in a {@link SourceException} with a one-line message.
 */
final class BitbucketHttp {
  private static final int MAX_REDIRECTS = 5;
  private static final int ERROR_BODY_LIMIT = 16 * 1024;
  private static final String USER_AGENT = "layerkit";

  private final BitbucketSettings settings;
  private final ApiUrls urls;
  private final FailureMessages messages;
  private final HttpClient client;
  private final Optional<Secret> authorization;
  private final Semaphore slots;
  private final AtomicLong requests = new AtomicLong();
  private final FailsafeExecutor<Object> retrying;
  private final Clock clock;

  BitbucketHttp(BitbucketSettings settings, ApiUrls urls, FailureMessages messages, Clock clock) {
    this.settings = settings;
    this.urls = urls;
    this.messages = messages;
    this.clock = clock;
    // HTTP/1.1 with keep-alive: one connection per slot, no h2c upgrade dance with proxies
    // or test servers, and every request is independent.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout())
        .build();
    this.authorization = settings.token().map(token -> Secret.of(settings.username()
        .map(user -> "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + token.reveal()).getBytes(StandardCharsets.UTF_8)))
        .orElse("Bearer " + token.reveal())));
    this.slots = new Semaphore(settings.concurrency(), true);
    Backoff backoff = new Backoff(settings.retry());
    Duration budget = settings.retry().maxTotalTime();
    RetryPolicy<Object> retry = RetryPolicy.builder()
        .handleIf((result, failure) -> isTransient(failure))
        // A Retry-After beyond our whole budget cannot be honoured: fail now, say so.
        .abortIf((result, failure) -> failure instanceof RetryableFailure f
            && f.retryAfter().filter(wait -> wait.compareTo(budget) > 0).isPresent())
        .withDelayFn(context -> backoff.delay(context.getAttemptCount(),
            context.getLastException() instanceof RetryableFailure f ? f.retryAfter()
                : Optional.empty()))
        .withMaxAttempts(settings.retry().maxAttempts())
        .withMaxDuration(budget)
        .build();
    Timeout<Object> perAttempt = Timeout.builder(settings.requestTimeout()).withInterrupt().build();
    this.retrying = Failsafe.with(retry, perAttempt);
  }

  long requestCount() {
    return requests.get();
  }

  /** Waits for one of the {@code concurrency} request slots. */
  Slot acquireSlot() throws InterruptedIOException {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a Bitbucket request slot");
    }
    return new Slot(slots);
  }

  /** GETs a JSON document (retried as a whole, body included) and maps it onto {@code type}. */
  <T> T getJson(URI uri, Class<T> type, RequestSubject subject) throws IOException {
    try (Slot slot = acquireSlot()) {
      return execute(subject, () -> {
        HttpResponse<InputStream> response = exchange(uri, true, subject);
        try (InputStream body = response.body()) {
          String contentType = response.headers().firstValue("Content-Type").orElse("");
          if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new NotJsonException(contentType);
          }
          T value = ApiModel.JSON.readValue(body, type);
          if (value == null) {
            throw new IOException("empty JSON answer");
          }
          return value;
        }
      });
    }
  }

  /**
   * GETs raw bytes: retried until the response headers arrive, then handed over unread. The
   * caller must hold a {@link Slot} for as long as it reads.
   */
  Download download(URI uri, RequestSubject subject) throws IOException {
    return execute(subject, () -> {
      HttpResponse<InputStream> response = exchange(uri, false, subject);
      var headers = response.headers();
      return new Download(response.body(), headers.firstValue("ETag"),
          headers.firstValueAsLong("Content-Length"));
    });
  }

  private <T> T execute(RequestSubject subject, CheckedSupplier<T> attempt) throws IOException {
    long started = System.nanoTime();
    AtomicInteger attempts = new AtomicInteger();
    try {
      return retrying.get(context -> {
        attempts.incrementAndGet();
        return attempt.get();
      });
    } catch (TimeoutExceededException e) {
      throw new SourceException(messages.gaveUp(subject, attempts.get(), since(started),
          "no answer within " + FailureMessages.seconds(settings.requestTimeout())));
    } catch (FailsafeException e) {
      throw translate(e.getCause() == null ? e : e.getCause(), subject, attempts.get(), started);
    }
  }

  private IOException translate(Throwable failure, RequestSubject subject, int attempts,
      long started) {
    if (failure instanceof SourceException || failure instanceof NotJsonException) {
      return (IOException) failure;
    }
    if (failure instanceof InterruptedIOException interrupted
        && !(failure instanceof java.net.SocketTimeoutException)) {
      Thread.currentThread().interrupt();
      return interrupted;
    }
    if (failure instanceof RetryableFailure retryable && retryable.isRateLimit()) {
      return new SourceException(messages.rateLimited(subject, attempts, requests.get(),
          retryable.retryAfter()));
    }
    if (failure instanceof HttpTimeoutException) {
      return new SourceException(messages.gaveUp(subject, attempts, since(started),
          "no answer within " + FailureMessages.seconds(settings.requestTimeout())), failure);
    }
    return new SourceException(messages.gaveUp(subject, attempts, since(started),
        describe(failure)), failure);
  }

  /** Sends one request and follows redirects; returns a 2xx response with its body unread. */
  private HttpResponse<InputStream> exchange(URI uri, boolean json, RequestSubject subject)
      throws IOException, InterruptedException {
    URI current = uri;
    boolean mayAuthenticate = true;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(current).GET()
          .timeout(settings.requestTimeout())
          .header("User-Agent", USER_AGENT);
      if (json) {
        request.header("Accept", "application/json");
      }
      // The token goes to the API's own scheme, host and port, and nowhere else: not to the
      // media host an LFS download is redirected to, not to a foreign `next` link.
      if (mayAuthenticate && urls.isApiOrigin(current)) {
        authorization.ifPresent(value -> request.header("Authorization", value.reveal()));
      }
      requests.incrementAndGet();
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response;
      }
      if (isRedirect(status)) {
        Optional<String> location = response.headers().firstValue("Location");
        response.body().close();
        if (location.isEmpty()) {
          throw new SourceException(messages.badRedirect(subject, "without a Location header"));
        }
        if (hop == MAX_REDIRECTS) {
          throw new SourceException(messages.badRedirect(subject,
              "more than " + MAX_REDIRECTS + " times"));
        }
        URI next;
        try {
          next = current.resolve(location.get());
        } catch (IllegalArgumentException unreadable) {
          throw new SourceException(messages.badRedirect(subject,
              "to a location that is not a URL"));
        }
        if ("https".equalsIgnoreCase(current.getScheme())
            && !"https".equalsIgnoreCase(next.getScheme())) {
          throw new SourceException(messages.badRedirect(subject,
              "from https to " + next.getScheme() + "://" + next.getHost() + "; refusing"));
        }
        if (!ApiUrls.sameOrigin(current, next)) {
          mayAuthenticate = false;
        }
        current = next;
        continue;
      }
      String remote = messages.oneLine(errorText(response));
      if (status == 429 || status >= 500) {
        throw new RetryableFailure(status,
            RetryAfter.parse(response.headers().firstValue("Retry-After"), clock), remote);
      }
      throw new ApiStatusException(status, messages.forStatus(status, subject, remote));
    }
  }

  /** The error envelope's message, or the start of a plain-text body. */
  private static String errorText(HttpResponse<InputStream> response) {
    byte[] bytes;
    try (InputStream body = response.body()) {
      bytes = body.readNBytes(ERROR_BODY_LIMIT);
    } catch (IOException unreadable) {
      return "";
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      ApiModel.ErrorEnvelope envelope = ApiModel.JSON.readValue(bytes, ApiModel.ErrorEnvelope.class);
      if (envelope != null && envelope.error() != null && envelope.error().message() != null) {
        return envelope.error().message();
      }
    } catch (IOException notJson) {
      // plain text, e.g. "Rate limit for this resource has been exceeded"
    }
    return text.startsWith("<") ? "" : text;
  }

  private static boolean isTransient(Throwable failure) {
    if (failure instanceof TimeoutExceededException || failure instanceof RetryableFailure) {
      return true;
    }
    if (failure instanceof SourceException || failure instanceof NotJsonException) {
      return false;
    }
    if (failure instanceof InterruptedIOException
        && !(failure instanceof java.net.SocketTimeoutException)) {
      return false;
    }
    // connection refused/reset, TLS hiccups, bodies cut short, JSON cut short
    return failure instanceof IOException;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** A held request slot; closing it (once or more) gives it back. */
  static final class Slot implements AutoCloseable {
    private final Semaphore slots;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(Semaphore slots) {
      this.slots = slots;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        slots.release();
      }
    }
  }

  /** A listing URL answered with something that is not JSON: most likely a file's bytes. */
  static final class NotJsonException extends IOException {
    NotJsonException(String contentType) {
      super("expected a JSON listing, got " + (contentType.isEmpty() ? "no content type"
          : contentType));
    }
  }
}
