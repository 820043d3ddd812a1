package io.layerkit.cli;

import io.layerkit.app.LayerkitVersion;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by Maven), or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"layerkit " + LayerkitVersion.current()};
  }
}
