package io.layerkit.pipeline;

import io.layerkit.config.ConfigException;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.PackageSpec;
import io.layerkit.source.Revision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs layerkit's pipeline over the configured packages: resolve the ref once, then each package
 * through {@link PackageRunner}. One package failing never stops the others.
 */
public final class LayerPipeline {
  private final Parts parts;
  private final PipelineListener listener;

  public LayerPipeline(Parts parts, PipelineListener listener) {
    this.parts = parts;
    this.listener = listener;
  }

  /**
   * Runs {@code mode} for every package of {@code config}.
   *
   * @throws ConfigException when the run cannot start (no packages, missing store for publish,
   *     an --out folder that cannot be made)
   */
  public Report run(Mode mode, LayerkitConfig config) {
    if (config.packages().isEmpty()) {
      throw new ConfigException("no packages to build: give PACKAGE_PATH arguments or list"
          + " packages in layerkit.yaml");
    }
    requireUniqueNames(config.packages());
    if (mode != Mode.BUILD && (parts.store().isEmpty() || parts.registry().isEmpty())) {
      throw new ConfigException(mode.name().toLowerCase(Locale.ROOT) + " needs a store and a registry");
    }
    if (mode == Mode.PUBLISH && config.publish().publishLayer() && parts.publisher().isEmpty()) {
      throw new ConfigException("--publish-layer needs a layer publisher");
    }
    if (mode == Mode.BUILD) {
      createOutDir(config.outDir());
    }
    List<PackageSpec> jobs = config.packages().stream()
        .map(spec -> spec.withDefaults(config.publish()))
        .toList();

    Revision revision;
    try {
      revision = parts.source().resolve(config.source().ref());
    } catch (IOException | RuntimeException e) {
      String error = OneLine.of(e);
      listener.log(new LogEvent(LogEvent.Level.ERROR, null, "resolve", error));
      List<PackageResult> failed = jobs.stream()
          .map(job -> PackageResult.failed(job.name(), job.path(), FailureKind.ERROR, error, 0,
              List.of()))
          .toList();
      failed.forEach(listener::packageFinished);
      return new Report(null, failed);
    }
    if (revision.commit() != null) {
      listener.log(new LogEvent(LogEvent.Level.INFO, null, "resolve",
          config.source().ref().orElse("default branch") + " is commit " + revision.commit()));
    }

    Path workDir = createWorkDir();
    // Ctrl-C or a CI time-out mid-run would otherwise leave a layer's worth of partial files
    Thread cleanup = new Thread(() -> deleteRecursively(workDir), "layerkit-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      PackageRunner runner = new PackageRunner(parts, listener, mode, config, revision, workDir);
      List<PackageResult> results = new ArrayList<>();
      for (PackageSpec job : jobs) {
        results.add(runner.run(job));
      }
      return new Report(revision.commit(), results);
    } finally {
      deleteRecursively(workDir);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down and runs the hook anyway
      }
    }
  }

  /** Names used twice would overwrite each other's zip and release. */
  static void requireUniqueNames(List<PackageSpec> packages) {
    Set<String> seen = new HashSet<>();
    for (PackageSpec spec : packages) {
      if (!seen.add(spec.name())) {
        throw new ConfigException("two packages are named '" + spec.name()
            + "'; give one a different name in layerkit.yaml");
      }
    }
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

  private static Path createWorkDir() {
    try {
      return Files.createTempDirectory("layerkit-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder in "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the work folder. During a shutdown the archiver's threads still run and may add a
   * file while the folder is walked, so a folder that is still there is walked again.
   */
  private static void deleteRecursively(Path dir) {
    for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // best effort: the run's result stands; the OS cleans its temp folder eventually
    }
  }
}
