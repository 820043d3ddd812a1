package io.layerkit.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code layerkit.yaml} strictly: an unknown key, a wrong type or bad YAML is a
 * {@link ConfigException} naming the file, the line and the key.
 */
public final class ConfigFileReader {
  private static final ObjectMapper YAML = JsonMappers.strictYaml();
  /** 1 MiB: a configuration of a thousand packages is a few hundred KiB. */
  private static final long MAX_FILE_BYTES = 1024 * 1024;
  /** Above the longest value a setting takes (an SSM parameter ARN, a license of 512). */
  private static final int MAX_VALUE_LENGTH = 4096;
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private ConfigFileReader() {}

  public static ConfigFile read(Path file) {
    String text;
    try {
      checkSize(file, Files.size(file));
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist; check --config");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      return ConfigFile.empty();
    }
    checkIndentation(file, text);
    try {
      checkValueLengths(file, text);
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
    } catch (IOException e) {
      // the text is in memory: only the parser itself can fail here
      throw new ConfigException("cannot parse config file " + file + ": "
          + e.getClass().getSimpleName());
    }
  }

  /** A file far larger than any configuration is the wrong file: refused before it is read. */
  private static void checkSize(Path file, long bytes) {
    if (bytes > MAX_FILE_BYTES) {
      throw new ConfigException("config file " + file + " is "
          + String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MAX_FILE_BYTES)
          + "; a layerkit.yaml may be at most 1 MiB: check --config names the right file");
    }
  }

  /** YAML indents with spaces; the parser's words for a tab name neither the tab nor its line. */
  private static void checkIndentation(Path file, String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int content = 0;
      while (content < line.length() && (line.charAt(content) == ' ' || line.charAt(content) == '\t'
          || line.charAt(content) == '-')) {
        content++;
      }
      if (line.substring(0, content).indexOf('\t') >= 0) {
        throw new ConfigException(file + " line " + (i + 1) + ": a tab indents this line; YAML"
            + " indents with spaces only: replace the tab with spaces");
      }
    }
  }

  /**
   * Every scalar within {@link #MAX_VALUE_LENGTH}: no setting needs more, and a longer one is
   * never repeated in a message (it may be a pasted secret or a whole file).
   */
  private static void checkValueLengths(Path file, String text) throws IOException {
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isScalarValue() && parser.getTextLength() > MAX_VALUE_LENGTH) {
          throw new ConfigException(file + where(parser.currentTokenLocation())
              + ": the value of '" + pathOf(parser.getParsingContext()) + "' is "
              + parser.getTextLength() + " characters long; a layerkit.yaml value may have at most "
              + MAX_VALUE_LENGTH + " (the value is not shown)");
        }
      }
    }
  }

  /** {@code packages[1].path} for the parser's place. */
  private static String pathOf(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      String step = c.inArray() ? "[" + c.getCurrentIndex() + "]"
          : (c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName();
      path.insert(0, step);
    }
    return path.toString();
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
