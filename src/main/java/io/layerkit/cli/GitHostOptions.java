package io.layerkit.cli;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** How the Git host is reached and with which token; for every command that fetches. */
final class GitHostOptions {
  private final OptionSpec apiUrl = Options.text("--api-url", "URL",
      "Git host API base URL (default: https://api.bitbucket.org).");
  private final OptionSpec transport = Options.text("--transport", "api|git",
      "For bitbucket:// sources: the REST API (default) or one Git fetch.");
  private final OptionSpec gitUrl = Options.text("--git-url", "URL",
      "Clone URL for --transport git (default: https://bitbucket.org/WS/REPO.git).");
  private final OptionSpec tokenEnv = Options.text("--token-env", "VAR",
      "Environment variable holding the Git host token (default: BITBUCKET_TOKEN).");
  private final OptionSpec tokenParameter = Options.text("--token-parameter", "NAME",
      "SSM SecureString parameter holding the Git host token.");

  void addTo(CommandSpec command) {
    Options.add(command, apiUrl, transport, gitUrl, tokenEnv, tokenParameter);
  }

  /** These flags under the names a user types. */
  ConfigOverrides overrides() {
    return ConfigOverrides.none()
        .with(Setting.API_URL, "--api-url", apiUrl.getValue())
        .with(Setting.TRANSPORT, "--transport", transport.getValue())
        .with(Setting.GIT_URL, "--git-url", gitUrl.getValue())
        .with(Setting.TOKEN_ENV, "--token-env", tokenEnv.getValue())
        .with(Setting.TOKEN_PARAMETER, "--token-parameter", tokenParameter.getValue());
  }
}
