package io.layerkit.source.bitbucket;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
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
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sends GETs to Bitbucket Cloud: adds the credentials (only ever to the API's own host), follows
 * redirects by hand (an LFS download leaves for another host, without the token), counts every
 * request sent, bounds requests in flight with a semaphore, and retries what may pass — 429 (after
 * Retry-After when given), 5xx, connection failures, timeouts — under the transport's one
 * {@link Retries} policy, each attempt within the request timeout. Anything else ends in a
 * {@link SourceException} with a one-line message.
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
  private final Retries retries;
  private final FailsafeExecutor<Object> oneAttempt;
  private final RateLimits rateLimits;
  private final Clock clock;

  BitbucketHttp(BitbucketSettings settings, ApiUrls urls, FailureMessages messages,
      RateLimits rateLimits, Clock clock, Sleeper sleeper) {
    this.settings = settings;
    this.urls = urls;
    this.messages = messages;
    this.rateLimits = rateLimits;
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
    this.retries = new Retries(settings.retry(), sleeper);
    // The JDK client's timeout ends at the response headers; this one also covers a JSON body.
    this.oneAttempt = Failsafe.with(
        Timeout.builder(settings.requestTimeout()).withInterrupt().build());
  }

  long requestCount() {
    return requests.get();
  }

  /** A fresh bound of attempts and time, for one file across all of its downloads. */
  Retries.Attempts attempts() {
    return retries.start();
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
    return getJson(uri, type, subject, failure -> false);
  }

  /**
   * As {@link #getJson(URI, Class, RequestSubject)}, but a transient answer that
   * {@code finalAnswer} accepts is thrown at once, unretried, for the caller to act on.
   */
  <T> T getJson(URI uri, Class<T> type, RequestSubject subject,
      Predicate<RetryableFailure> finalAnswer) throws IOException {
    try (Slot slot = acquireSlot()) {
      return execute(subject, retries.start(), finalAnswer, () -> {
        HttpResponse<InputStream> response = exchange(uri, true, subject);
        try (InputStream body = response.body()) {
          String contentType = response.headers().firstValue("Content-Type").orElse("");
          if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
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
   * caller must hold a {@link Slot} for as long as it reads; {@code attempts} is the file's, shared
   * with any later download that resumes it.
   */
  Download download(URI uri, RequestSubject subject, Retries.Attempts attempts)
      throws IOException {
    return execute(subject, attempts, failure -> false, () -> {
      HttpResponse<InputStream> response = exchange(uri, false, subject);
      var headers = response.headers();
      return new Download(response.body(), headers.firstValue("ETag"),
          headers.firstValueAsLong("Content-Length"));
    });
  }

  private <T> T execute(RequestSubject subject, Retries.Attempts attempts,
      Predicate<RetryableFailure> finalAnswer, CheckedSupplier<T> attempt) throws IOException {
    while (true) {
      Throwable failure;
      try {
        return oneAttempt.get(attempt);
      } catch (TimeoutExceededException e) {
        failure = e;
      } catch (FailsafeException e) {
        failure = e.getCause() == null ? e : e.getCause();
      }
      if (failure instanceof RetryableFailure retryable && finalAnswer.test(retryable)) {
        throw retryable;
      }
      if (failure instanceof RuntimeException unexpected
          && !(failure instanceof TimeoutExceededException)) {
        throw unexpected;
      }
      if (!attempts.retryAfter(failure)) {
        throw translate(failure, subject, attempts);
      }
    }
  }

  private IOException translate(Throwable failure, RequestSubject subject,
      Retries.Attempts attempts) {
    if (failure instanceof SourceException || failure instanceof NotJsonException) {
      return (IOException) failure;
    }
    if (failure instanceof InterruptedIOException interrupted
        && !(failure instanceof java.net.SocketTimeoutException)) {
      Thread.currentThread().interrupt();
      return interrupted;
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException("interrupted during a Bitbucket request");
    }
    if (failure instanceof RetryableFailure retryable && retryable.isRateLimit()) {
      // the hourly budget only when Bitbucket's own headers say so; else a burst was throttled
      return new SourceException(rateLimits.headersSayExhausted()
          ? messages.hourlyBudgetSpent(subject, attempts.count(), rateLimits.budget().orElseThrow())
          : messages.throttled(subject, attempts.count(), attempts.elapsed(),
              retryable.retryAfter(), requests.get()));
    }
    if (failure instanceof TimeoutExceededException || failure instanceof HttpTimeoutException) {
      return new SourceException(messages.gaveUp(subject, attempts.count(), attempts.elapsed(),
          "no answer within " + FailureMessages.seconds(settings.requestTimeout())), failure);
    }
    return new SourceException(messages.gaveUp(subject, attempts.count(), attempts.elapsed(),
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
      boolean api = urls.isApiOrigin(current);
      if (mayAuthenticate && api) {
        authorization.ifPresent(value -> request.header("Authorization", value.reveal()));
      }
      requests.incrementAndGet();
      if (api) {
        rateLimits.sent();
      }
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (api) {
        rateLimits.observe(response.headers());
      }
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
      ApiModel.ErrorEnvelope envelope =
          ApiModel.JSON.readValue(bytes, ApiModel.ErrorEnvelope.class);
      if (envelope != null && envelope.error() != null && envelope.error().message() != null) {
        return envelope.error().message();
      }
    } catch (IOException notJson) {
      // plain text, e.g. "Rate limit for this resource has been exceeded"
    }
    return text.startsWith("<") ? "" : text;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
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
