package io.layerkit.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.json.JsonMappers;
import java.util.List;

/**
 * The JSON form of a {@link Release}, shared by every registry so that a release reads the same
 * wherever it is kept: field names as in the record, {@code created} as an ISO-8601 instant.
 */
public final class ReleaseJson {
  private static final ObjectMapper MAPPER = JsonMappers.records();

  private ReleaseJson() {}

  /** The mapper registries use for their own envelopes around releases. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Release release) {
    try {
      return MAPPER.writeValueAsString(release);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise release of " + release.packageName(), e);
    }
  }

  public static Release read(String json) throws RegistryException {
    try {
      return MAPPER.readValue(json, Release.class);
    } catch (JsonProcessingException e) {
      throw new RegistryException("a recorded release is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static List<Release> readList(String json) throws RegistryException {
    try {
      return List.of(MAPPER.readValue(json, Release[].class));
    } catch (JsonProcessingException e) {
      throw new RegistryException("recorded releases are not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
