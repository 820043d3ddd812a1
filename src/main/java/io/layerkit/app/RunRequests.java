package io.layerkit.app;

import io.layerkit.config.ConfigException;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.message.OneLine;
import io.layerkit.pipeline.Builder;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Pace;
import io.layerkit.pipeline.PackageJob;
import io.layerkit.pipeline.RunRequest;
import io.layerkit.publish.StorageMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a resolved configuration into the pipeline's {@link RunRequest}: each package with the
 * run's publishing defaults filled in. What the pipeline needs before it starts and a user can
 * get wrong (no packages, an {@code --out} that is a file) is a usage error here.
 */
public final class RunRequests {
  private RunRequests() {}

  /**
   * @param pace whether another package may start; {@link Pace#UNLIMITED} on the command line
   * @param builder who runs the build, as its provenance names it
   * @throws ConfigException when there is nothing to build, or {@code --out} cannot hold zips
   */
  public static RunRequest of(LayerkitConfig config, Mode mode, Pace pace, Builder builder) {
    if (config.packages().isEmpty()) {
      throw new ConfigException("no packages to build: give PACKAGE_PATH arguments or list"
          + " packages in layerkit.yaml");
    }
    if (mode == Mode.BUILD) {
      createOutDir(config.outDir());
    }
    boolean publish = config.publish().publishLayer();
    return new RunRequest(mode, config.source().ref(),
        config.packages().stream().map(spec -> job(spec.withDefaults(config.publish()), publish,
            config.publish().storage()))
            .toList(),
        config.force(), config.outDir(), pace, builder, config.trust().signingProfile());
  }

  /** The command line's builder: {@code layerkit/<version>}, a fresh invocation id. */
  public static Builder commandLine() {
    return Builder.commandLine(LayerkitVersion.current());
  }

  private static PackageJob job(PackageSpec spec, boolean publish, String storage) {
    return new PackageJob(spec.name(), spec.path(), publish
        ? Optional.of(new PackageJob.LayerSettings(spec.runtimes(), spec.architectures(),
            spec.license(), spec.share(), StorageMode.of(storage)))
        : Optional.empty());
  }

  private static void createOutDir(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new ConfigException("--out " + out + " is a file, not a folder; give a folder for the"
          + " zips");
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new ConfigException("--out " + out + " cannot be created (" + OneLine.of(e)
          + "); give a folder the zips can be written to", e);
    }
  }
}
