package io.layerkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.app.ReleaseVerification;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.json.JsonMappers;
import io.layerkit.pipeline.LogEvent;
import io.layerkit.pipeline.PipelineListener;
import io.layerkit.verify.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code layerkit verify PACKAGE}: rebuilds a recorded release from its source and commit and
 * checks it against the record, the stored object and the provenance; one line per check.
 */
final class VerifyCommand implements Subcommand {
  private final RegistryOptions reading = new RegistryOptions();
  private final GitHostOptions host = new GitHostOptions();
  private final PositionalParamSpec packageArg = Options.positional("1", "PACKAGE",
      String.class, "The package (its name, or its folder as publish takes it).");
  private final OptionSpec release = Options.text("--release", "NAME",
      "The release to verify, e.g. requests-20261123223500 (default: current).");
  private final OptionSpec publicKey = Options.path("--public-key", "FILE",
      "Check the provenance signature offline with this public key (PEM or DER,"
          + " e.g. from aws kms get-public-key) instead of KMS Verify.");
  private final OptionSpec region = Options.text("--region", "REGION",
      "AWS region whose release is verified.");
  private final OptionSpec json = Options.flag("--json", "Print one JSON object on stdout.");

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Options.command(this, "verify",
        "Rebuild a release from its recorded source and commit and check the bytes,"
            + " the stored object and the provenance (and its signature); exit 0 only when every"
            + " check holds.");
    reading.addTo(spec);
    host.addTo(spec);
    Options.add(spec, packageArg, release, publicKey, region, json);
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    String regionName = region.getValue();
    // the argument picks a package the way publish's arguments do, so a folder finds its name
    ConfigOverrides overrides = CliConfig.flags(
        reading.target(regionName == null ? List.of() : List.of(regionName), null)
            .over(host.overrides()),
        List.of(packageArg.<String>getValue()));
    LayerkitConfig resolved = CliConfig.resolve(reading.config(), overrides, System.getenv());
    String packageName = resolved.packages().get(0).name();
    Path keyFile = publicKey.getValue();
    Optional<byte[]> key = keyFile == null ? Optional.empty()
        : Optional.of(Files.readAllBytes(keyFile));
    ReleaseVerification.Outcome outcome = ReleaseVerification.verify(resolved, packageName,
        Optional.ofNullable(release.getValue()), key, System.getenv(), rebuildErrors());
    if (Options.given(json)) {
      System.out.println(JsonMappers.plain().writeValueAsString(toJson(outcome)));
    } else {
      System.out.println("release " + outcome.release().name() + " of " + packageName);
      outcome.verification().verdicts().forEach(v -> System.out.println(v.line()));
      System.out.println(outcome.verification().holds() ? "verified" : "NOT verified");
    }
    return outcome.verification().holds() ? 0 : 1;
  }

  /**
   * The rebuild's errors on stderr, but not its summary line, which would name a zip in a
   * temporary folder that is gone once the checks are done.
   */
  private static PipelineListener rebuildErrors() {
    ConsoleListener console = new ConsoleListener(System.err, false, false);
    return new PipelineListener() {
      @Override
      public void log(LogEvent event) {
        console.log(event);
      }
    };
  }

  private static ObjectNode toJson(ReleaseVerification.Outcome outcome) {
    ObjectNode root = JsonMappers.plain().createObjectNode();
    root.put("ok", outcome.verification().holds());
    root.put("package", outcome.release().packageName());
    root.put("release", outcome.release().name());
    root.put("sha256", outcome.release().sha256());
    ArrayNode checks = root.putArray("checks");
    for (Verdict verdict : outcome.verification().verdicts()) {
      checks.addObject()
          .put("check", verdict.check().label())
          .put("outcome", verdict.outcome().name().toLowerCase(Locale.ROOT))
          .put("detail", verdict.detail());
    }
    return root;
  }
}
