package io.layerkit.registry;

/**
 * A package's lease, held until closed. Closing is best effort and never fails: a lease that
 * cannot be given back ends by itself when it expires.
 */
public interface Lease extends AutoCloseable {

  /** No lease: for runs that write nothing, and registries without leases. */
  Lease NONE = () -> { };

  @Override
  void close();
}
