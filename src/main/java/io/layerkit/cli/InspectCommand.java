package io.layerkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.archive.ArchiveInspection;
import io.layerkit.archive.ArchiveInspector;
import io.layerkit.archive.Finding;
import io.layerkit.archive.InspectedEntry;
import io.layerkit.archive.LayerLimits;
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
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Parameters(paramLabel = "ZIP", description = "The zip to inspect.")
  Path zip;

  @Option(names = "--json", description = "Print JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ArchiveInspection inspection = new ArchiveInspector(LayerLimits.lambdaDefaults()).inspect(zip);
    if (json) {
      System.out.println(JSON.writeValueAsString(toJson(inspection)));
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

  private static ObjectNode toJson(ArchiveInspection inspection) {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", inspection.file().toString());
    root.put("sha256", inspection.sha256());
    root.put("size", inspection.size());
    root.put("files", inspection.files());
    root.put("unzippedSize", inspection.unzippedSize());
    root.put("contentDigest", inspection.contentDigest());
    ArrayNode entries = root.putArray("entries");
    for (InspectedEntry e : inspection.entries()) {
      ObjectNode node = entries.addObject();
      node.put("name", e.name());
      node.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
      node.put("mode", e.octalMode());
      node.put("size", e.size());
      node.put("compressedSize", e.compressedSize());
      node.put("method", e.method());
      e.linkTarget().ifPresent(t -> node.put("linkTarget", t));
    }
    ArrayNode errors = root.putArray("errors");
    inspection.validation().errors().forEach(errors::add);
    ArrayNode warnings = root.putArray("warnings");
    inspection.validation().warnings().forEach(warnings::add);
    return root;
  }
}
