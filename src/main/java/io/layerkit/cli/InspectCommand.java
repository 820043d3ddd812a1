package io.layerkit.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.archive.ArchiveInspection;
import io.layerkit.archive.ArchiveInspector;
import io.layerkit.archive.Finding;
import io.layerkit.archive.InspectedEntry;
import io.layerkit.archive.LayerLimits;
import io.layerkit.json.JsonMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerkit inspect ZIP}: an existing zip's tree, sizes, digests and validation. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show an existing zip's tree, sizes, digests and its validation against"
        + " Lambda's layer rules.")
final class InspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = JsonMappers.plain();

  @Parameters(paramLabel = "ZIP", description = "The zip to inspect.")
  Path zip;

  @Option(names = "--json", description = "Print JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ArchiveInspection inspection = new ArchiveInspector(LayerLimits.lambdaDefaults()).inspect(zip);
    if (json) {
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
