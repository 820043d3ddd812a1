package io.layerkit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.layerkit.json.JsonMappers;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code layerkit.yaml} strictly: an unknown key, a wrong type or bad YAML is a
 * {@link ConfigException} naming the file, the line and the key.
 */
public final class ConfigFileReader {
  private static final ObjectMapper YAML = JsonMappers.strictYaml();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private ConfigFileReader() {}

  public static ConfigFile read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist; check --config");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      return ConfigFile.empty();
    }
    try {
      ConfigFile config = YAML.readValue(text, ConfigFile.class);
      return config == null ? ConfigFile.empty() : config;
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
          .collect(Collectors.joining(", "));
      throw new ConfigException(file + keyLine(text, e.getPropertyName(), e.getLocation())
          + ": unknown key '" + e.getPropertyName() + "'" + keyPath(e) + "; known keys here: "
          + known, e);
    } catch (JsonMappingException e) {
      // never the parser's message or the exception as cause: both repeat the value, which may
      // be a token pasted where its variable's name belongs
      throw new ConfigException(file + where(e.getLocation()) + ": wrong value for '"
          + pathOf(e) + "'" + expected(e));
    } catch (JsonProcessingException e) {
      Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
      if (duplicate.lookingAt()) {
        String key = duplicate.group(1);
        throw new ConfigException(file + keyLine(text, key, e.getLocation()) + ": key '" + key
            + "' is given twice; keep one");
      }
      // the first line names the problem; the lines after it quote the file
      throw new ConfigException(file + where(e.getLocation()) + ": not valid YAML: "
          + e.getOriginalMessage().split("\n")[0]);
    }
  }

  /** What the key takes, said without repeating what was written there. */
  private static String expected(JsonMappingException e) {
    if (!(e instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
      return "";
    }
    Class<?> type = mismatch.getTargetType();
    if (type == Integer.class || type == int.class) {
      return ": expected a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return ": expected true or false";
    }
    if (type == String.class) {
      return ": expected text";
    }
    if (List.class.isAssignableFrom(type)) {
      return ": expected a list";
    }
    if (type.isRecord()) {
      return ": expected a mapping of " + Arrays.stream(type.getRecordComponents())
          .map(RecordComponent::getName).collect(Collectors.joining(", "));
    }
    return "";
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr();
  }

  /**
   * The parser reports where it stopped, which may be past the key; the key itself is the nearest
   * line at or above that which starts with it.
   */
  private static String keyLine(String text, String key, JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    String[] lines = text.split("\n", -1);
    Pattern keyPattern = Pattern.compile("^\\s*(-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
    for (int line = Math.min(location.getLineNr(), lines.length); line >= 1; line--) {
      if (keyPattern.matcher(lines[line - 1]).find()) {
        return " line " + line;
      }
    }
    return where(location);
  }

  private static String keyPath(JsonMappingException e) {
    String path = pathOf(e);
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : " in '" + path.substring(0, dot) + "'";
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
