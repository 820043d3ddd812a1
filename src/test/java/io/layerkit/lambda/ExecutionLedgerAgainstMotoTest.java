package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.testing.MotoServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** A pipeline execution is claimed once, durably, in S3 (moto), whichever container asks. */
class ExecutionLedgerAgainstMotoTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE = "Custom-Control-Tower-CodePipeline";
  private static final String EXECUTION = "01234567-0123-0123-0123-012345678901";
  private static final Instant NOW = Instant.parse("2026-11-23T22:35:00Z");

  private S3Client s3;

  @BeforeEach
  void bucket() {
    s3 = MOTO.client(S3Client.builder().forcePathStyle(true));
    s3.createBucket(b -> b.bucket("acme-layers"));
  }

  @AfterEach
  void close() {
    s3.close();
  }

  private ExecutionLedger ledger(Instant now) {
    return new ExecutionLedger(s3, "acme-layers", "layers/", JSON, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void theFirstClaimWinsAndACompletedExecutionStaysDone() throws IOException {
    ExecutionLedger.Claim first = ledger(NOW).claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));
    assertThat(first).isInstanceOf(ExecutionLedger.Claim.Acquired.class);
    assertThat(ledger(NOW).claim(PIPELINE, EXECUTION, "req-2", Duration.ofMinutes(15)))
        .isEqualTo(new ExecutionLedger.Claim.InProgress(ledger(NOW).keyOf(PIPELINE, EXECUTION), "req-1"));

    ledger(NOW).complete((ExecutionLedger.Claim.Acquired) first, PIPELINE, EXECUTION, "req-1");

    // even long after: a done execution never runs again
    assertThat(ledger(NOW.plus(Duration.ofDays(30))).claim(PIPELINE, EXECUTION, "req-3",
        Duration.ofMinutes(15))).isInstanceOf(ExecutionLedger.Claim.AlreadyDone.class);
    JsonNode marker = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket("acme-layers")
        .key("layers/.layerkit/executions/" + PIPELINE + "/" + EXECUTION + ".json")).asByteArray());
    assertThat(marker.path("state").asText()).isEqualTo("done");
    assertThat(marker.path("requestId").asText()).isEqualTo("req-1");
  }

  @Test
  void aClaimWhoseRunDiedExpiresAndCanBeTakenOver() throws IOException {
    ledger(NOW).claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));

    Instant afterTimeout = NOW.plus(Duration.ofMinutes(17));
    assertThat(ledger(afterTimeout).claim(PIPELINE, EXECUTION, "req-2", Duration.ofMinutes(15)))
        .isInstanceOf(ExecutionLedger.Claim.Acquired.class);
    assertThat(ledger(afterTimeout).claim(PIPELINE, EXECUTION, "req-3", Duration.ofMinutes(15)))
        .isEqualTo(new ExecutionLedger.Claim.InProgress(ledger(NOW).keyOf(PIPELINE, EXECUTION), "req-2"));
  }

  @Test
  void lambdasFirstRetryAfterATimeoutTakesTheClaimOver() throws IOException {
    // the claim's lease is the invocation's remaining time; Lambda stops it then, and retries an
    // asynchronous invocation about a minute later: a claim still held then is lost for good,
    // since the retry, seeing it in progress, ends without error and Lambda retries no more
    ledger(NOW).claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));

    Instant firstRetry = NOW.plus(Duration.ofMinutes(15)).plus(Duration.ofSeconds(45));
    assertThat(ledger(firstRetry).claim(PIPELINE, EXECUTION, "req-2", Duration.ofMinutes(15)))
        .isInstanceOf(ExecutionLedger.Claim.Acquired.class);
  }

  @Test
  void aReleasedClaimLetsARetryRun() throws IOException {
    ExecutionLedger.Claim.Acquired claim = (ExecutionLedger.Claim.Acquired)
        ledger(NOW).claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));

    ledger(NOW).release(claim, PIPELINE, EXECUTION, "req-1");

    assertThat(ledger(NOW).claim(PIPELINE, EXECUTION, "req-2", Duration.ofMinutes(15)))
        .isInstanceOf(ExecutionLedger.Claim.Acquired.class);
  }

  @Test
  void completingAClaimAnotherInvocationTookOverLeavesItsClaimAlone() throws IOException {
    // req-1 ran past its lease (a stalled container), req-2 took the execution over; req-1's
    // late end must not mark req-2's run done (or released) behind its back
    ExecutionLedger.Claim.Acquired stale = (ExecutionLedger.Claim.Acquired)
        ledger(NOW).claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));
    Instant later = NOW.plus(Duration.ofMinutes(17));
    ExecutionLedger.Claim.Acquired current = (ExecutionLedger.Claim.Acquired)
        ledger(later).claim(PIPELINE, EXECUTION, "req-2", Duration.ofMinutes(15));

    assertThat(ledger(later).complete(stale, PIPELINE, EXECUTION, "req-1")).isFalse();
    assertThat(ledger(later).release(stale, PIPELINE, EXECUTION, "req-1")).isFalse();

    JsonNode marker = marker();
    assertThat(marker.path("state").asText()).isEqualTo("running");
    assertThat(marker.path("requestId").asText()).isEqualTo("req-2");
    assertThat(ledger(later).complete(current, PIPELINE, EXECUTION, "req-2")).isTrue();
    assertThat(marker().path("state").asText()).isEqualTo("done");
  }

  @Test
  void releasingAClaimWhoseMarkerWasRemovedWritesNothing() throws IOException {
    ExecutionLedger.Claim.Acquired claim = (ExecutionLedger.Claim.Acquired)
        ledger(NOW).claim(PIPELINE, EXECUTION, "req-1", Duration.ofMinutes(15));
    s3.deleteObject(b -> b.bucket("acme-layers").key(claim.key()));

    assertThat(ledger(NOW).release(claim, PIPELINE, EXECUTION, "req-1")).isFalse();

    assertThat(s3.listObjectsV2(b -> b.bucket("acme-layers")).contents()).isEmpty();
  }

  private JsonNode marker() throws IOException {
    return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket("acme-layers")
        .key(ledger(NOW).keyOf(PIPELINE, EXECUTION))).asByteArray());
  }

  @Test
  void ofTwoContainersClaimingAtOnceExactlyOneRuns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<ExecutionLedger.Claim>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String request = "req-" + i;
        claims.add(() -> ledger(NOW).claim(PIPELINE, EXECUTION, request, Duration.ofMinutes(15)));
      }
      List<ExecutionLedger.Claim> outcomes = new ArrayList<>();
      for (Future<ExecutionLedger.Claim> outcome : pool.invokeAll(claims)) {
        outcomes.add(outcome.get());
      }
      assertThat(outcomes).filteredOn(c -> c instanceof ExecutionLedger.Claim.Acquired).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
