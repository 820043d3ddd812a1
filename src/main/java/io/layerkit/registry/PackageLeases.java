package io.layerkit.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Lets one run at a time publish a package. Two runs of the same package at once (a schedule and
 * a pipeline) would otherwise both find no release, both store the zip and both publish a layer
 * version of the same content, one of them recorded nowhere. A run takes the package's lease
 * before it reads the current release and holds it until it has recorded its own, so the second
 * run waits, then finds the first's release and ends {@code unchanged}.
 *
 * <p>The lease lives beside the package's release in the registry (with several regions, in the
 * home region's), so one lease covers the package's whole run wherever it writes.
 */
public interface PackageLeases {

  /** A secret-free description, e.g. {@code ssm:/layers}. */
  String describe();

  /**
   * Takes the package's lease, waiting while another run holds it.
   *
   * @param longestWait how long to wait for another run at most
   * @param waiting told once, with a description of the holder, when the lease is held by another
   *     run and this one starts to wait
   * @throws LeaseHeldException when another run still holds it after {@code longestWait}
   */
  Lease take(String packageName, Duration longestWait, Consumer<String> waiting)
      throws IOException;
}
