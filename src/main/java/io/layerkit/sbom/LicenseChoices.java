package io.layerkit.sbom;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.util.LicenseResolver;

/**
 * A {@link DeclaredLicense} in CycloneDX terms: each term an SPDX id when the CycloneDX library
 * recognises it (an id, a license's full name, or a well-known alias such as "MIT License"), else
 * a license by name; an expression as it is.
 */
final class LicenseChoices {
  /** The resolver reads its mapping files on every call: each string is looked up once. */
  private static final Map<String, Optional<String>> SPDX_IDS = new ConcurrentHashMap<>();

  private LicenseChoices() {}

  static LicenseChoice of(DeclaredLicense declared) {
    if (declared.isEmpty()) {
      return null;
    }
    LicenseChoice choice = new LicenseChoice();
    if (declared.expression() != null) {
      choice.setExpression(new Expression(declared.expression()));
      return choice;
    }
    for (String term : declared.terms()) {
      License license = new License();
      spdxId(term).ifPresentOrElse(license::setId, () -> license.setName(term));
      choice.addLicense(license);
    }
    return choice;
  }

  private static Optional<String> spdxId(String term) {
    return SPDX_IDS.computeIfAbsent(term, t -> {
      LicenseChoice resolved = LicenseResolver.resolve(t, false);
      return resolved == null || resolved.getLicenses() == null
          || resolved.getLicenses().size() != 1
          ? Optional.empty()
          : Optional.ofNullable(resolved.getLicenses().get(0).getId());
    });
  }
}
