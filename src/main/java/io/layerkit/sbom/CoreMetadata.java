package io.layerkit.sbom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Python distribution's core metadata ({@code METADATA} in a {@code .dist-info} folder,
 * {@code PKG-INFO} in an {@code .egg-info} one): RFC 822 style headers up to the first empty line,
 * a header continued on lines that start with white space.
 */
final class CoreMetadata {
  /** A {@code License:} longer than this, or on several lines, is the license's text, not its name. */
  private static final int LICENSE_NAME_LIMIT = 100;
  private static final String LICENSE_CLASSIFIER = "License :: ";

  private final Map<String, List<String>> headers;

  private CoreMetadata(Map<String, List<String>> headers) {
    this.headers = headers;
  }

  static CoreMetadata parse(byte[] bytes) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String name = null;
    StringBuilder value = null;
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && value != null) {
        value.append('\n').append(line.strip());
        continue;
      }
      put(headers, name, value);
      int colon = line.indexOf(':');
      name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
      value = colon > 0 ? new StringBuilder(line.substring(colon + 1).strip()) : null;
    }
    put(headers, name, value);
    return new CoreMetadata(headers);
  }

  private static void put(Map<String, List<String>> headers, String name, StringBuilder value) {
    if (name != null && value != null) {
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value.toString());
    }
  }

  Optional<String> first(String header) {
    List<String> values = headers.getOrDefault(header.toLowerCase(Locale.ROOT), List.of());
    return values.stream().filter(v -> !v.isBlank()).findFirst();
  }

  /**
   * The distribution it describes, named from {@code fallbackName} and {@code fallbackVersion}
   * (the folder's name) where the headers are missing; empty without any name.
   */
  Optional<Distribution> distribution(String location, String fallbackName,
      String fallbackVersion) {
    String name = first("Name").orElse(fallbackName);
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String version = first("Version").orElse(fallbackVersion);
    return Optional.of(new Distribution(Distribution.Kind.PYTHON, null, name, version, license(),
        Purls.pypi(name, version), null, List.of(location), List.of()));
  }

  /**
   * {@code License-Expression} (PEP 639) first; else {@code License} when it names a license
   * rather than holding its text; else the {@code License ::} classifiers' last segments.
   */
  DeclaredLicense license() {
    Optional<String> expression = first("License-Expression");
    if (expression.isPresent()) {
      return DeclaredLicense.parse(expression.get());
    }
    Optional<String> license = first("License")
        .filter(l -> l.length() <= LICENSE_NAME_LIMIT && !l.contains("\n"));
    DeclaredLicense declared = DeclaredLicense.parse(license.orElse(null));
    if (!declared.isEmpty()) {
      return declared;
    }
    List<String> fromClassifiers = new ArrayList<>();
    for (String classifier : headers.getOrDefault("classifier", List.of())) {
      if (classifier.startsWith(LICENSE_CLASSIFIER)) {
        String[] parts = classifier.split("\\s*::\\s*");
        String last = parts[parts.length - 1];
        // "License :: OSI Approved" says only that some approved license applies
        if (parts.length > 2 || !last.equals("OSI Approved")) {
          fromClassifiers.add(last);
        }
      }
    }
    return DeclaredLicense.terms(fromClassifiers.stream().distinct().toList());
  }
}
