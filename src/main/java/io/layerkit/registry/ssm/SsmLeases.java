package io.layerkit.registry.ssm;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.layerkit.json.JsonMappers;
import io.layerkit.registry.Lease;
import io.layerkit.registry.LeaseHeldException;
import io.layerkit.registry.PackageLeases;
import io.layerkit.registry.RegistryException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Package leases in Parameter Store, beside the release: {@code /PREFIX/<package>/lease} holds
 * the run that publishes the package now and until when. Taking it is {@code PutParameter} with
 * {@code Overwrite=false}, which SSM lets exactly one caller win; the holder renews it while it
 * runs and deletes it when done. A run that died leaves a lease that expires: another run may then
 * take it over, one at a time, while it holds {@code /PREFIX/<package>/lease-takeover} (created
 * the same way), and only if the lease still names the dead run. A run killed on this machine
 * (its boot id recorded with its process id) is known dead at once: its lease is not waited out.
 *
 * <p>Expiry is judged by the clocks of the runs, which must agree to well within the lease's
 * lifetime (minutes), as AWS's own request signing already requires.
 */
public final class SsmLeases implements PackageLeases {
  private static final Timing DEFAULT_TIMING = new Timing(Duration.ofMinutes(2),
      Duration.ofSeconds(30), Duration.ofMillis(500));

  private final SsmClient ssm;
  private final ParameterLayout layout;
  private final Timing timing;
  private final Clock clock;

  /**
   * How long a lease lives unless renewed, how often its holder renews it, and how often a
   * waiting run looks again.
   */
  record Timing(Duration lifetime, Duration renewEvery, Duration poll) {}

  /** What a lease parameter holds. */
  /**
   * What the lease parameter holds.
   *
   * @param process the holding run's process; {@code null} in a lease written before layerkit
   *     recorded it
   */
  record Holder(String owner, Instant since, Instant expires, MachineProcess process) {
    /** Whether the lease may be taken over: it lapsed, or its run died on this very machine. */
    boolean expiredAt(Instant now) {
      return now.isAfter(expires) || (process != null && process.endedHere());
    }
  }

  public SsmLeases(SsmClient ssm, ParameterLayout layout) {
    this(ssm, layout, DEFAULT_TIMING, Clock.systemUTC());
  }

  SsmLeases(SsmClient ssm, ParameterLayout layout, Timing timing, Clock clock) {
    this.ssm = ssm;
    this.layout = layout;
    this.timing = timing;
    this.clock = clock;
  }

  @Override
  public String describe() {
    return "ssm:" + layout.root();
  }

  @Override
  public Lease take(String packageName, Duration longestWait, Consumer<String> waiting)
      throws IOException {
    layout.checkPackage(packageName);
    String parameter = layout.leaseParameter(packageName);
    String owner = UUID.randomUUID().toString();
    Instant deadline = clock.instant().plus(longestWait);
    boolean told = false;
    while (true) {
      // expiring a lifetime from now, not from when this run began to wait
      Holder mine = holder(owner, clock.instant());
      if (create(parameter, mine)) {
        return new RenewedLease(parameter, mine);
      }
      Optional<Holder> current = read(parameter);
      if (current.isEmpty()) {
        continue; // given back between our two calls: try again at once
      }
      if (current.get().expiredAt(clock.instant())) {
        if (takeOver(packageName, current.get(), mine)) {
          return new RenewedLease(parameter, mine);
        }
        continue;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new LeaseHeldException("package " + packageName + " is being published by another"
            + " run (its lease " + parameter + " is held since " + current.get().since()
            + " and renewed while that run lives); waited " + longestWait.toSeconds()
            + " s: run again once it has finished");
      }
      if (!told) {
        waiting.accept("lease " + parameter + " held since " + current.get().since());
        told = true;
      }
      pause(timing.poll().plusMillis(
          ThreadLocalRandom.current().nextLong(timing.poll().toMillis() + 1)));
    }
  }

  /**
   * Replaces a dead run's expired lease with ours, one taker at a time: whoever creates the
   * takeover parameter checks that the lease still names the dead run, deletes it and creates
   * ours; everyone else looks again. A takeover parameter left by a taker that died is expired
   * too, and removed.
   */
  private boolean takeOver(String packageName, Holder expired, Holder mine) throws IOException {
    String lease = layout.leaseParameter(packageName);
    String takeover = layout.takeoverParameter(packageName);
    if (!create(takeover, mine)) {
      Optional<Holder> taker = read(takeover);
      if (taker.isPresent() && taker.get().expiredAt(clock.instant())) {
        delete(takeover);
      }
      pause(timing.poll());
      return false;
    }
    try {
      if (read(lease).filter(expired::equals).isPresent()) {
        delete(lease);
      }
      return create(lease, mine);
    } finally {
      delete(takeover);
    }
  }

  private Holder holder(String owner, Instant since) {
    return new Holder(owner, since, clock.instant().plus(timing.lifetime()),
        MachineProcess.current());
  }

  /** Creates the parameter unless it exists: whether this call created it. */
  private boolean create(String parameter, Holder holder) throws RegistryException {
    try {
      ssm.putParameter(b -> b.name(parameter).value(write(holder)).type(ParameterType.STRING)
          .description("layerkit: the run publishing this package now").overwrite(false));
      return true;
    } catch (ParameterAlreadyExistsException e) {
      return false;
    } catch (SsmException | SdkClientException e) {
      throw failure("write " + parameter, e);
    }
  }

  private Optional<Holder> read(String parameter) throws RegistryException {
    String value;
    try {
      value = ssm.getParameter(b -> b.name(parameter)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    } catch (SsmException | SdkClientException e) {
      throw failure("read " + parameter, e);
    }
    try {
      return Optional.of(JsonMappers.records().readValue(value, Holder.class));
    } catch (JsonProcessingException e) {
      throw new RegistryException("parameter " + parameter + " does not hold a layerkit lease:"
          + " delete it if no layerkit run is publishing now");
    }
  }

  private void delete(String parameter) throws RegistryException {
    try {
      ssm.deleteParameter(b -> b.name(parameter));
    } catch (ParameterNotFoundException e) {
      // already gone
    } catch (SsmException | SdkClientException e) {
      throw failure("delete " + parameter, e);
    }
  }

  private static String write(Holder holder) {
    try {
      return JsonMappers.records().writeValueAsString(holder);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a lease always serialises", e);
    }
  }

  private RegistryException failure(String action, Exception e) {
    String detail = e instanceof SsmException s && s.awsErrorDetails() != null
        ? s.awsErrorDetails().errorMessage() + " (" + s.awsErrorDetails().errorCode() + ")"
        : e.getMessage();
    return new RegistryException("registry " + describe() + ": cannot " + action + ": " + detail,
        e);
  }

  private static void pause(Duration duration) throws RegistryException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting for another run's lease");
    }
  }

  /** Our lease, renewed in the background until closed, then deleted if still ours. */
  private final class RenewedLease implements Lease {
    private final String parameter;
    private final Holder first;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, "layerkit-lease-renewal");
          thread.setDaemon(true);
          return thread;
        });
    private volatile Holder current;

    RenewedLease(String parameter, Holder first) {
      this.parameter = parameter;
      this.first = first;
      this.current = first;
      long every = timing.renewEvery().toMillis();
      renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Extends the lease while it is still ours; a lease lost (expired, taken) stays lost. */
    private void renew() {
      try {
        if (read(parameter).filter(current::equals).isPresent()) {
          Holder next = holder(first.owner(), first.since());
          ssm.putParameter(b -> b.name(parameter).value(write(next)).type(ParameterType.STRING)
              .overwrite(true));
          current = next;
        }
      } catch (IOException | RuntimeException e) {
        // the next renewal tries again; the lease lasts several renewals
      }
    }

    @Override
    public void close() {
      // a renewal still running would put the lease back after the delete below
      renewals.shutdown();
      try {
        renewals.awaitTermination(timing.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // it expires by itself
      }
      try {
        if (read(parameter).filter(h -> h.owner().equals(first.owner())).isPresent()) {
          delete(parameter);
        }
      } catch (IOException | RuntimeException e) {
        // it expires by itself
      }
    }
  }
}
