package io.layerkit.registry;

/** Another run held a package's lease for longer than a run waits for it. */
public class LeaseHeldException extends RegistryException {
  public LeaseHeldException(String message) {
    super(message);
  }
}
