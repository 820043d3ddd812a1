package io.layerkit.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a front door gives for one run (flags and environment variables, or the function's
 * variables and its event), each value with the name the user gave it under. Every value, when
 * present, wins over {@code layerkit.yaml}; {@link #over} layers one front door's sources (flags
 * over environment). The names also say how a message refers to a setting the user did not give
 * ("set --publish-layer" on the command line, "set PUBLISH_LAYERS" in the function).
 *
 * <p>Immutable: {@link #with} returns a new instance.
 */
public final class ConfigOverrides {
  private static final ConfigOverrides NONE = new ConfigOverrides(Map.of(), Map.of());

  private final Map<Setting<?>, Given<?>> values;
  private final Map<Setting<?>, String> names;

  private ConfigOverrides(Map<Setting<?>, Given<?>> values, Map<Setting<?>, String> names) {
    this.values = Map.copyOf(values);
    this.names = Map.copyOf(names);
  }

  public static ConfigOverrides none() {
    return NONE;
  }

  /**
   * These overrides with {@code setting} called {@code name}, and given as {@code value} when
   * that holds anything (not {@code null}, not blank, not an empty list).
   */
  public <T> ConfigOverrides with(Setting<T> setting, String name, T value) {
    Map<Setting<?>, Given<?>> newValues = new HashMap<>(values);
    Map<Setting<?>, String> newNames = new HashMap<>(names);
    newNames.put(setting, name);
    if (holdsSomething(value)) {
      newValues.put(setting, new Given<>(value, name));
    }
    return new ConfigOverrides(newValues, newNames);
  }

  /** The setting's value and the name it was given under, when it was given. */
  @SuppressWarnings("unchecked") // with() stores only a Given<T> under a Setting<T>
  public <T> Optional<Given<T>> get(Setting<T> setting) {
    return Optional.ofNullable((Given<T>) values.get(setting));
  }

  /** The setting's value, when it was given. */
  public <T> Optional<T> value(Setting<T> setting) {
    return get(setting).map(Given::value);
  }

  /** What this front door calls the setting; its {@code layerkit.yaml} key when it has no name. */
  public String nameOf(Setting<?> setting) {
    return names.getOrDefault(setting, setting.fileKey());
  }

  /** These overrides where given, else {@code lower}'s; names likewise. */
  public ConfigOverrides over(ConfigOverrides lower) {
    Map<Setting<?>, Given<?>> merged = new HashMap<>(lower.values);
    merged.putAll(values);
    Map<Setting<?>, String> mergedNames = new HashMap<>(lower.names);
    mergedNames.putAll(names);
    return new ConfigOverrides(merged, mergedNames);
  }

  private static boolean holdsSomething(Object value) {
    if (value instanceof String text) {
      return !text.isBlank();
    }
    if (value instanceof Collection<?> items) {
      return !items.isEmpty();
    }
    return value != null;
  }

  @Override
  public String toString() {
    return "ConfigOverrides" + values.values().stream().map(Given::name).sorted().toList();
  }
}
