package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import picocli.CommandLine.Option;

/** How the Git host is reached and with which token; for every command that fetches. */
final class GitHostOptions {
  @Option(names = "--api-url", paramLabel = "URL",
      description = "Git host API base URL (default: https://api.bitbucket.org).")
  String apiUrl;

  @Option(names = "--transport", paramLabel = "api|git",
      description = "For bitbucket:// sources: the REST API (default) or one Git fetch.")
  String transport;

  @Option(names = "--git-url", paramLabel = "URL",
      description = "Clone URL for --transport git (default: https://bitbucket.org/WS/REPO.git).")
  String gitUrl;

  @Option(names = "--token-env", paramLabel = "VAR",
      description = "Environment variable holding the Git host token (default: BITBUCKET_TOKEN).")
  String tokenEnv;

  @Option(names = "--token-parameter", paramLabel = "NAME",
      description = "SSM SecureString parameter holding the Git host token.")
  String tokenParameter;

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return ConfigOverrides.none()
        .with(Setting.API_URL, "--api-url", apiUrl)
        .with(Setting.TRANSPORT, "--transport", transport)
        .with(Setting.GIT_URL, "--git-url", gitUrl)
        .with(Setting.TOKEN_ENV, "--token-env", tokenEnv)
        .with(Setting.TOKEN_PARAMETER, "--token-parameter", tokenParameter);
  }
}
