package io.layerkit.sbom;

import java.util.List;

/**
 * The license a distribution's metadata declares: an SPDX expression, or plain terms (an SPDX id
 * or a license's name each), or nothing.
 *
 * @param expression an SPDX license expression, or {@code null}
 * @param terms license ids or names, when there is no expression
 */
public record DeclaredLicense(String expression, List<String> terms) {
  public static final DeclaredLicense NONE = new DeclaredLicense(null, List.of());

  public DeclaredLicense {
    terms = List.copyOf(terms);
    if (expression != null && !terms.isEmpty()) {
      throw new IllegalArgumentException("an expression or terms, not both");
    }
  }

  public static DeclaredLicense expression(String expression) {
    return new DeclaredLicense(expression, List.of());
  }

  public static DeclaredLicense terms(List<String> terms) {
    return new DeclaredLicense(null, terms);
  }

  /**
   * A license string as npm and Python metadata hold it: an expression when it combines licenses
   * ({@code MIT OR Apache-2.0}), else one term; blank and {@code UNKNOWN} declare nothing.
   */
  public static DeclaredLicense parse(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("UNKNOWN")) {
      return NONE;
    }
    String trimmed = value.trim();
    boolean combined = trimmed.contains(" OR ") || trimmed.contains(" AND ")
        || trimmed.contains(" WITH ") || trimmed.startsWith("(");
    return combined ? expression(trimmed) : terms(List.of(trimmed));
  }

  public boolean isEmpty() {
    return expression == null && terms.isEmpty();
  }
}
