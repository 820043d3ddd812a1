package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;

/** Checks SBOMs with the CycloneDX library's own JSON schema validator, and reads them back. */
final class SbomSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SbomSchema() {}

  static void assertValid(byte[] sbom) throws IOException {
    List<ParseException> errors = new JsonParser().validate(sbom, CycloneDxSbom.VERSION);
    assertThat(errors).as("CycloneDX %s schema errors", CycloneDxSbom.SPEC)
        .extracting(Throwable::getMessage).isEmpty();
    assertThat(JSON.readTree(sbom).get("specVersion").asText()).isEqualTo(CycloneDxSbom.SPEC);
  }

  static JsonNode read(byte[] sbom) throws IOException {
    return JSON.readTree(sbom);
  }

  /** Every top-level component's purl (or name, for a jar without one), in document order. */
  static List<String> purls(byte[] sbom) throws IOException {
    return StreamSupport.stream(read(sbom).path("components").spliterator(), false)
        .map(c -> c.hasNonNull("purl") ? c.get("purl").asText() : c.get("name").asText())
        .toList();
  }
}
