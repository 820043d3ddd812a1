package io.layerkit.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.app.LayerkitVersion;
import io.layerkit.archive.ArchiveInspection;
import io.layerkit.archive.ArchiveInspector;
import io.layerkit.archive.Finding;
import io.layerkit.archive.InspectedEntry;
import io.layerkit.archive.LayerLimits;
import io.layerkit.json.JsonMappers;
import io.layerkit.sbom.ZipSbom;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code layerkit inspect ZIP}: an existing zip's tree, sizes, digests and validation; with
 * {@code --sbom}, the CycloneDX SBOM of what it holds.
 */
final class InspectCommand implements Subcommand {
  private static final ObjectMapper JSON = JsonMappers.plain();

  private final PositionalParamSpec zipArg = Options.positional("1", "ZIP", Path.class,
      "The zip to inspect.");
  private final OptionSpec json = Options.flag("--json", "Print JSON on stdout.");
  private final OptionSpec sbom = Options.flag("--sbom",
      "Print the CycloneDX SBOM (JSON) of the distributions"
          + " the zip holds, as publish stores it beside the zip (without commit and source).");

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Options.command(this, "inspect",
        "Show an existing zip's tree, sizes, digests and its validation against"
            + " Lambda's layer rules; or, with --sbom, its CycloneDX SBOM.");
    Options.add(spec, zipArg, json, sbom);
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    Path zip = zipArg.getValue();
    if (Options.given(sbom)) {
      String file = zip.getFileName().toString();
      String name = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
      System.out.write(ZipSbom.scan(zip).write(name, LayerkitVersion.current()));
      System.out.flush();
      return 0;
    }
    ArchiveInspection inspection = new ArchiveInspector(LayerLimits.lambdaDefaults()).inspect(zip);
    if (Options.given(json)) {
      writeJson(inspection, System.out);
    } else {
      print(inspection, System.out);
    }
    return inspection.validation().hasErrors() ? 3 : 0;
  }

  private static void print(ArchiveInspection inspection, PrintStream out) {
    for (InspectedEntry e : inspection.entries()) {
      out.printf(Locale.ROOT, "%s %10d %10d %-8s %s%s%n", e.octalMode(), e.size(),
          e.compressedSize(), e.method(), e.name(), e.linkTarget().map(t -> " -> " + t).orElse(""));
    }
    out.printf(Locale.ROOT, "%d files, %s unzipped, %s zipped%n", inspection.files(),
        Sizes.human(inspection.unzippedSize()), Sizes.human(inspection.size()));
    out.println("sha256         " + inspection.sha256());
    out.println("content digest " + inspection.contentDigest());
    for (Finding finding : inspection.validation().findings()) {
      out.println(finding.severity().name().toLowerCase(Locale.ROOT) + ": " + finding.message());
    }
    if (inspection.validation().findings().isEmpty()) {
      out.println("valid layer, reproducible layout");
    }
  }

  /**
   * Streams the report: a zip of many entries must not become a tree of JSON nodes and one
   * string in memory before the first byte is written.
   */
  private static void writeJson(ArchiveInspection inspection, OutputStream out)
      throws IOException {
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      json.writeStartObject();
      json.writeStringField("file", inspection.file().toString());
      json.writeStringField("sha256", inspection.sha256());
      json.writeNumberField("size", inspection.size());
      json.writeNumberField("files", inspection.files());
      json.writeNumberField("unzippedSize", inspection.unzippedSize());
      json.writeStringField("contentDigest", inspection.contentDigest());
      json.writeArrayFieldStart("entries");
      for (InspectedEntry e : inspection.entries()) {
        json.writeStartObject();
        json.writeStringField("name", e.name());
        json.writeStringField("kind", e.kind().name().toLowerCase(Locale.ROOT));
        json.writeStringField("mode", e.octalMode());
        json.writeNumberField("size", e.size());
        json.writeNumberField("compressedSize", e.compressedSize());
        json.writeStringField("method", e.method());
        if (e.linkTarget().isPresent()) {
          json.writeStringField("linkTarget", e.linkTarget().get());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("errors");
      for (String error : inspection.validation().errors()) {
        json.writeString(error);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("warnings");
      for (String warning : inspection.validation().warnings()) {
        json.writeString(warning);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }
}
