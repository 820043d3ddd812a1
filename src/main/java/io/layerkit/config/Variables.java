package io.layerkit.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads environment variables for a front door: blank values count as unset (the Lambda console
 * and CI systems easily leave them), lists are comma separated, and a malformed value is a
 * {@link ConfigException} naming the variable.
 */
public record Variables(Map<String, String> env) {

  public Variables {
    env = Map.copyOf(env);
  }

  /** The value, stripped; {@code null} when unset or blank. */
  public String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  public Optional<String> optional(String name) {
    return Optional.ofNullable(get(name));
  }

  /** @param what what to set it to, e.g. "the branch to build, e.g. main" */
  public String required(String name, String what) {
    return optional(name).orElseThrow(() -> new ConfigException(
        name + " is not set: set it to " + what));
  }

  /** A comma-separated list; {@code null} when unset. */
  public List<String> list(String name) {
    String value = get(name);
    return value == null ? null : Rules.commaList(name, value);
  }

  /** {@code true} or {@code false} in any case; {@code null} when unset. */
  public Boolean bool(String name) {
    String value = get(name);
    return value == null ? null : Rules.bool(name, value);
  }

  /** A whole number; {@code null} when unset. */
  public Integer number(String name) {
    String value = get(name);
    return value == null ? null : Rules.wholeNumber(name, value);
  }
}
