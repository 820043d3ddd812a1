package io.layerkit.sbom;

import io.layerkit.archive.ArchiveProgress;
import io.layerkit.archive.ArchiveResult;
import io.layerkit.archive.ArchiveSettings;
import io.layerkit.archive.ContentObserver;
import io.layerkit.archive.ContentOpener;
import io.layerkit.archive.ReproducibleZipArchiver;
import io.layerkit.provenance.Artifact;
import io.layerkit.provenance.Attestation;
import io.layerkit.provenance.BuildRecord;
import io.layerkit.provenance.EnvelopeSignature;
import io.layerkit.provenance.EnvelopeSigner;
import io.layerkit.source.Revision;
import io.layerkit.source.local.LocalDirectorySource;
import io.layerkit.tree.PackageTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * For bench/trust-bench.sh: {@code TrustBenchMain ROOT PACKAGE_PATH OUT_DIR ROUNDS}. In one JVM,
 * after a warm-up, alternates building the package's zip alone (the baseline) and building it with
 * the SBOM collected from the passing bytes, the SBOM written and the provenance written and
 * signed (a local P-256 key stands in for KMS, whose network round trip is not layerkit's time);
 * prints each round, the medians, their ratio and the SBOM's components per kind.
 */
public final class TrustBenchMain {
  private TrustBenchMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String packagePath = args[1];
    Path out = Path.of(args[2]);
    int rounds = Integer.parseInt(args[3]);
    Files.createDirectories(out);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair key = generator.generateKeyPair();

    plain(root, packagePath, out);
    trusted(root, packagePath, out, key);
    List<Long> plain = new ArrayList<>();
    List<Long> trusted = new ArrayList<>();
    List<Long> plainCpu = new ArrayList<>();
    List<Long> trustedCpu = new ArrayList<>();
    List<Distribution> found = List.of();
    for (int round = 1; round <= rounds; round++) {
      long cpu0 = cpuMillis();
      long start = System.nanoTime();
      plain(root, packagePath, out);
      long middle = System.nanoTime();
      long cpu1 = cpuMillis();
      found = trusted(root, packagePath, out, key);
      long end = System.nanoTime();
      long cpu2 = cpuMillis();
      plain.add((middle - start) / 1_000_000);
      trusted.add((end - middle) / 1_000_000);
      plainCpu.add(cpu1 - cpu0);
      trustedCpu.add(cpu2 - cpu1);
      System.out.printf("round %d: archive alone %6d ms (cpu %6d ms)   archive + SBOM + provenance"
          + " %6d ms (cpu %6d ms)%n", round, plain.get(round - 1), plainCpu.get(round - 1),
          trusted.get(round - 1), trustedCpu.get(round - 1));
    }
    long plainMedian = median(plain);
    long trustedMedian = median(trusted);
    System.out.printf("median:  archive alone %d ms (cpu %d ms), with SBOM + provenance %d ms"
        + " (cpu %d ms)%n", plainMedian, median(plainCpu), trustedMedian, median(trustedCpu));
    System.out.printf("time ratio (with/alone): %.3f   cpu ratio: %.3f%n",
        (double) trustedMedian / plainMedian, (double) median(trustedCpu) / median(plainCpu));
    Map<Distribution.Kind, Integer> kinds = new TreeMap<>();
    found.forEach(d -> kinds.merge(d.kind(), 1, Integer::sum));
    System.out.println("components: " + found.size() + " " + kinds);
  }

  private static ArchiveResult plain(Path root, String packagePath, Path out) throws IOException {
    try (LocalDirectorySource source = new LocalDirectorySource(root)) {
      Revision revision = source.resolve(Optional.empty());
      PackageTree tree = source.list(revision, packagePath);
      return archiver().archive(tree, entry -> source.open(revision, packagePath, entry),
          out.resolve("plain.zip"), ArchiveProgress.NONE);
    }
  }

  private static List<Distribution> trusted(Path root, String packagePath, Path out, KeyPair key)
      throws IOException {
    Instant started = Instant.now();
    try (LocalDirectorySource source = new LocalDirectorySource(root)) {
      Revision revision = source.resolve(Optional.empty());
      PackageTree tree = source.list(revision, packagePath);
      DistributionCollector collector = new DistributionCollector();
      ContentOpener opener = ContentObserver.observing(
          entry -> source.open(revision, packagePath, entry), collector);
      ArchiveResult zip = archiver().archive(tree, opener, out.resolve("trusted.zip"),
          ArchiveProgress.NONE);
      long written = System.nanoTime();
      byte[] sbom = CycloneDxSbom.write(new LayerSubject("bench", zip.sha256(),
          ArchiveSettings.DEFAULT_TIMESTAMP, Optional.empty(), Optional.of(source.describe()),
          Optional.of(packagePath), "bench"), collector.distributions());
      Files.write(out.resolve("trusted.cdx.json"), sbom);
      BuildRecord build = new BuildRecord(Artifact.of("trusted.zip", zip.sha256()),
          source.describe(), Optional.empty(), packagePath, ArchiveSettings.DEFAULT_TIMESTAMP,
          Optional.empty(), Optional.empty(), BuildRecord.cliBuilder("bench"), "bench",
          "bench", started, Instant.now(),
          List.of(new Artifact("trusted.cdx.json", sha256(sbom), CycloneDxSbom.MEDIA_TYPE)));
      Files.write(out.resolve("trusted.intoto.jsonl"),
          Attestation.write(build, Optional.of(signer(key))));
      System.out.printf("  (SBOM and provenance written in %d ms after the zip)%n",
          (System.nanoTime() - written) / 1_000_000);
      return collector.distributions();
    }
  }

  private static ReproducibleZipArchiver archiver() {
    return new ReproducibleZipArchiver(ArchiveSettings.defaults());
  }

  private static EnvelopeSigner signer(KeyPair key) {
    return pae -> {
      try {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(key.getPrivate());
        ecdsa.update(pae);
        return new EnvelopeSignature("local-p256", ecdsa.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CPU time of the whole process: less swayed than wall time by other work on the machine. */
  private static long cpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        / 1_000_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
