package io.layerkit.registry.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.json.JsonMappers;
import io.layerkit.registry.Lease;
import io.layerkit.registry.LeaseHeldException;
import io.layerkit.testing.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Package leases in SSM against moto_server through the real SDK: one holder at a time among
 * many contenders, renewal while held, the parameter gone once given back, a dead run's expired
 * lease taken over by exactly one run at a time, and a live one waited for, then refused.
 */
class SsmLeasesAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final ParameterLayout LAYOUT = new ParameterLayout("/platform/layers");
  private static final String LEASE = "/platform/layers/requests/lease";

  private AwsClients clients;
  private SsmClient ssm;

  @BeforeEach
  void setUp() {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    ssm = clients.ssm();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private SsmLeases leases(Duration lifetime) {
    return new SsmLeases(ssm, LAYOUT, new SsmLeases.Timing(lifetime, lifetime.dividedBy(4),
        Duration.ofMillis(20)), Clock.systemUTC());
  }

  /**
   * What the leases rest on, checked in the emulator the concurrency tests use (its S3
   * If-None-Match is not atomic under concurrent requests): of eight PutParameter calls with
   * Overwrite=false for one new name, sent at once, exactly one succeeds, round after round.
   */
  @Test
  void ofEightSimultaneousCreatesOfOneParameterExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        String name = "/platform/race/p" + round;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String value = "caller-" + i;
          calls.add(pool.submit(() -> {
            start.await();
            try {
              ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.STRING)
                  .overwrite(false));
              wins.incrementAndGet();
            } catch (ParameterAlreadyExistsException e) {
              // another caller created it first
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> call : calls) {
          call.get();
        }
        assertThat(wins.get()).as("round %d", round).isEqualTo(1);
        assertThat(ssm.getParameter(b -> b.name(name)).parameter().version()).isEqualTo(1L);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eightContendersHoldTheLeaseOneAtATimeEvenOverADeadRunsExpiredLease() throws Exception {
    deadRunsLease();
    SsmLeases leases = leases(Duration.ofSeconds(30));
    AtomicInteger inside = new AtomicInteger();
    List<Integer> overlaps = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> {
          start.await();
          try (Lease lease = leases.take("requests", Duration.ofSeconds(60), holder -> { })) {
            int now = inside.incrementAndGet();
            if (now != 1) {
              overlaps.add(now);
            }
            Thread.sleep(30);
            inside.decrementAndGet();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(overlaps).as("runs holding the lease at once").isEmpty();
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name(LEASE)))
        .as("given back by the last").isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void aHeldLeaseIsRenewedAndALiveHolderIsWaitedForThenNamed() throws Exception {
    // waiting for longer than a lifetime proves the renewals; a quarter of it apart, they leave
    // room for a slow emulator on a busy machine
    SsmLeases leases = leases(Duration.ofSeconds(2));
    try (Lease held = leases.take("requests", Duration.ofSeconds(1), holder -> { })) {
      Instant firstExpiry = expiry();
      List<String> told = new ArrayList<>();

      assertThatThrownBy(() -> leases.take("requests", Duration.ofMillis(3500), told::add))
          .isInstanceOf(LeaseHeldException.class)
          .hasMessageStartingWith("package requests is being published by another run (its lease"
              + " /platform/layers/requests/lease is held since ")
          .hasMessageEndingWith("and renewed while that run lives); waited 3 s: run again once"
              + " it has finished");
      assertThat(told).singleElement().asString().startsWith("lease " + LEASE + " held since ");
      assertThat(expiry()).as("renewed while held").isAfter(firstExpiry);
    }
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name(LEASE)))
        .isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void aLeaseGivenBackIsTakenByTheWaitingRunAtOnce() throws Exception {
    SsmLeases leases = leases(Duration.ofSeconds(30));
    Lease first = leases.take("requests", Duration.ofSeconds(30), holder -> { });
    List<String> told = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Lease> second = pool.submit(() -> leases.take("requests", Duration.ofSeconds(30),
          told::add));
      while (told.isEmpty()) {
        Thread.sleep(10);
      }
      first.close();
      second.get().close();
    } finally {
      pool.shutdownNow();
    }
    assertThat(told).hasSize(1);
  }

  /** A run that waited longer than a lease lives takes one that expires from now. */
  @Test
  void aLeaseTakenAfterALongWaitIsNotBornExpired() throws Exception {
    Lease first = leases(Duration.ofSeconds(30)).take("requests", Duration.ofSeconds(1),
        holder -> { });
    SsmLeases shortLived = new SsmLeases(ssm, LAYOUT, new SsmLeases.Timing(Duration.ofMillis(400),
        Duration.ofSeconds(30), Duration.ofMillis(20)), Clock.systemUTC());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Lease> second = pool.submit(() -> shortLived.take("requests", Duration.ofSeconds(30),
          holder -> { }));
      Thread.sleep(1200);
      first.close();
      try (Lease taken = second.get()) {
        assertThat(expiry()).isAfter(Instant.now());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLeaseOfARunKilledOnThisMachineIsTakenAtOnceAndAnotherMachinesIsWaitedFor()
      throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    MachineProcess here = MachineProcess.current();
    holdLease(new MachineProcess(here.bootId(), ended.pid()), Instant.now().plusSeconds(120));

    try (Lease taken = new SsmLeases(ssm, LAYOUT).take("requests", Duration.ofSeconds(5),
        holder -> { })) {
      assertThat(expiry()).isAfter(Instant.now());
    }

    holdLease(new MachineProcess("another-machine", ended.pid()), Instant.now().plusSeconds(120));
    assertThatThrownBy(() -> leases(Duration.ofMinutes(2)).take("requests",
        Duration.ofMillis(300), holder -> { }))
        .isInstanceOf(LeaseHeldException.class);
  }

  private void holdLease(MachineProcess process, Instant expires) throws Exception {
    String held = JsonMappers.records().writeValueAsString(new SsmLeases.Holder("killed-run",
        Instant.now(), expires, process));
    ssm.putParameter(b -> b.name(LEASE).value(held).type(ParameterType.STRING).overwrite(true));
  }

  private void deadRunsLease() throws Exception {
    String expired = JsonMappers.records().writeValueAsString(new SsmLeases.Holder("dead-run",
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:02:00Z"), null));
    ssm.putParameter(b -> b.name(LEASE).value(expired).type(ParameterType.STRING));
  }

  private Instant expiry() throws Exception {
    return JsonMappers.records().readValue(
        ssm.getParameter(b -> b.name(LEASE)).parameter().value(), SsmLeases.Holder.class).expires();
  }
}
