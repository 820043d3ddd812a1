package io.layerkit.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Every Jackson mapper layerkit uses, made here so that JSON reads and writes the same way
 * everywhere. Mappers are thread-safe once built; each kind is built once.
 */
public final class JsonMappers {
  private static final ObjectMapper PLAIN = JsonMapper.builder().build();
  private static final ObjectMapper TOLERANT = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .build();
  private static final ObjectMapper RECORDS = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final ObjectMapper STRICT_YAML = YAMLMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonMappers() {}

  /** Jackson's defaults: reports, log lines, events, layerkit's own small JSON documents. */
  public static ObjectMapper plain() {
    return PLAIN;
  }

  /**
   * For answers of other systems' APIs: unknown fields are ignored (APIs add fields freely) and a
   * single value is read as a one-item list where a list is declared.
   */
  public static ObjectMapper tolerant() {
    return TOLERANT;
  }

  /**
   * For records layerkit keeps for a later run or version to read: instants as ISO-8601 text,
   * unknown fields ignored so that an older reader accepts what a newer writer added.
   */
  public static ObjectMapper records() {
    return RECORDS;
  }

  /**
   * For {@code layerkit.yaml}: an unknown key, a key given twice, a null for a primitive and a
   * scalar of the wrong type are errors, never guessed at.
   */
  public static ObjectMapper strictYaml() {
    return STRICT_YAML;
  }
}
