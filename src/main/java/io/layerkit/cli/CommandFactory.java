package io.layerkit.cli;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * Creates what picocli instantiates for layerkit: the containers that hold repeated values, and
 * any class by its no-argument constructor. Picocli's own factory would do the same, but its first
 * use looks for Groovy's {@code Closure} class: a class the launcher's class-data-sharing archive
 * does not hold makes the class loader read the jar's 27,000-entry directory, 20 ms of a run.
 */
final class CommandFactory implements CommandLine.IFactory {
  @Override
  public <K> K create(Class<K> type) throws Exception {
    if (type.isInterface()) {
      return type.cast(emptyContainer(type));
    }
    Constructor<K> constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  /** Containers that keep values in the order given (sorted ones sort). */
  private static Object emptyContainer(Class<?> type) {
    if (SortedSet.class.isAssignableFrom(type)) {
      return new TreeSet<>();
    }
    if (Set.class.isAssignableFrom(type)) {
      return new LinkedHashSet<>();
    }
    if (Collection.class.isAssignableFrom(type)) {
      return new ArrayList<>();
    }
    if (SortedMap.class.isAssignableFrom(type)) {
      return new TreeMap<>();
    }
    if (Map.class.isAssignableFrom(type)) {
      return new LinkedHashMap<>();
    }
    throw new IllegalArgumentException(
        "cannot create an instance of interface " + type.getName() + ": name a class");
  }
}
