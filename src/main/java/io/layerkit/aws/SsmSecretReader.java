package io.layerkit.aws;

import io.layerkit.config.ConfigException;
import io.layerkit.source.Secret;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Reads a credential (the Git host token of {@code --token-parameter} /
 * {@code BITBUCKET_TOKEN_PARAMETER}) from an SSM SecureString, decrypted.
 *
 * <p>Only SecureString parameters are accepted: a token kept as a plain String is readable by
 * anyone who may list parameters. Failures are one line naming the parameter and what to check;
 * the value never appears in a message (SSM's error texts do not contain it either). A missing,
 * refused, mistyped or malformed parameter is a {@link ConfigException}; throttling, a service
 * error or no network (after the SDK's own retries) is a {@link SecretUnavailableException}, a
 * run failure that the next run may not have.
 */
public final class SsmSecretReader {
  private final SsmClient ssm;

  public SsmSecretReader(SsmClient ssm) {
    this.ssm = ssm;
  }

  /** The decrypted value, with surrounding whitespace (a pasted newline) removed. */
  public Secret read(String parameterName) {
    GetParameterResponse response;
    try {
      response = ssm.getParameter(b -> b.name(parameterName).withDecryption(true));
    } catch (ParameterNotFoundException e) {
      throw new ConfigException("token parameter " + parameterName + " does not exist in region "
          + region() + ": create it as a SecureString there, or fix --token-parameter / BITBUCKET_TOKEN_PARAMETER");
    } catch (SsmException e) {
      String why = e.awsErrorDetails() == null ? "HTTP " + e.statusCode()
          : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw new SecretUnavailableException("cannot read token parameter " + parameterName
            + " now (" + why + "): SSM is busy or failing for a moment; run again", e);
      }
      throw new ConfigException("cannot read token parameter " + parameterName + " (" + why
          + "): check ssm:GetParameter on it and kms:Decrypt on its key", e);
    } catch (SdkClientException e) {
      throw new SecretUnavailableException("cannot reach SSM to read token parameter "
          + parameterName + " (" + e.getMessage() + "): check the network or --endpoint-url,"
          + " then run again", e);
    }
    if (response.parameter().type() != ParameterType.SECURE_STRING) {
      throw new ConfigException("token parameter " + parameterName + " is a " + response.parameter().typeAsString()
          + ", not a SecureString: store the token encrypted (put-parameter --type SecureString --overwrite)");
    }
    String value = response.parameter().value().strip();
    if (value.isEmpty()) {
      throw new ConfigException("token parameter " + parameterName + " is empty: put the token in it");
    }
    Secret.headerProblem(value).ifPresent(problem -> {
      throw new ConfigException("token parameter " + parameterName + " contains " + problem
          + ", which no token holds and no HTTP header may carry: put the token alone, on one"
          + " line, in it (put-parameter --type SecureString --overwrite; the value is not shown)");
    });
    return Secret.of(value);
  }

  private String region() {
    return ssm.serviceClientConfiguration().region().id();
  }
}
