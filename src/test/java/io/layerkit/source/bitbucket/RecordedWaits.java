package io.layerkit.source.bitbucket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that records every wait instead of sleeping through it. */
final class RecordedWaits implements Sleeper {
  private final List<Duration> waits = new ArrayList<>();

  @Override
  public synchronized void sleep(Duration duration) {
    waits.add(duration);
  }

  synchronized List<Duration> all() {
    return List.copyOf(waits);
  }
}
