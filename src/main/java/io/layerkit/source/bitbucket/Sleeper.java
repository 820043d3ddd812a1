package io.layerkit.source.bitbucket;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between attempts. Tests record the waits instead of sleeping through them. */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  void sleep(Duration duration) throws InterruptedException;
}
