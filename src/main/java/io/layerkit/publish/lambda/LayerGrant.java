package io.layerkit.publish.lambda;

import io.layerkit.publish.PublishException;
import io.layerkit.rules.AwsRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One sharing grant on a layer version, as AddLayerVersionPermission takes it. The statement id
 * is derived from the target, so granting again finds the same statement instead of adding a
 * duplicate: {@code layerkit-account-<id>}, {@code layerkit-org-<o-id>}, {@code layerkit-public}.
 *
 * @param target what the user wrote: an account id, an organization id or {@code *}
 * @param statementId deterministic statement id (Lambda: {@code [a-zA-Z0-9-_]+}, at most 100)
 * @param principal an account id, or {@code *}
 * @param organizationId with principal {@code *}: the organization, else empty (public)
 */
public record LayerGrant(String target, String statementId, String principal, Optional<String> organizationId) {

  /**
   * Parses one share target. {@code *} (every AWS account) is refused unless {@code allowPublic}.
   */
  public static LayerGrant parse(String target, boolean allowPublic) throws PublishException {
    String value = target == null ? "" : target.trim();
    if (AwsRules.ACCOUNT_ID.matcher(value).matches()) {
      return new LayerGrant(value, "layerkit-account-" + value, value, Optional.empty());
    }
    if (AwsRules.ORGANIZATION_ID.matcher(value).matches()) {
      return new LayerGrant(value, "layerkit-org-" + value, "*", Optional.of(value));
    }
    if (value.equals(AwsRules.EVERY_ACCOUNT)) {
      if (!allowPublic) {
        throw new PublishException("--share * would make the layer usable by every AWS account: "
            + "pass --allow-public to confirm, or share with account or organization ids");
      }
      return new LayerGrant(value, "layerkit-public", "*", Optional.empty());
    }
    throw new PublishException("--share " + target + " is not an account id (12 digits), an organization id "
        + "(o- and 10-32 lowercase letters or digits) or *");
  }

  /** Parses every target, dropping repeats. */
  public static List<LayerGrant> parseAll(List<String> targets, boolean allowPublic) throws PublishException {
    LinkedHashSet<LayerGrant> grants = new LinkedHashSet<>();
    for (String target : targets) {
      grants.add(parse(target, allowPublic));
    }
    return List.copyOf(grants);
  }
}
