package io.layerkit.registry.ssm;

import io.layerkit.registry.RegistryException;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseJson;
import io.layerkit.registry.ReleaseRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Records releases in SSM Parameter Store ({@code ssm:/PREFIX}), in the original function's format
 * plus the full release as JSON beside it (see {@link ParameterLayout}), in the same JSON form as
 * every registry ({@link ReleaseJson}).
 *
 * <p>The name parameter {@code /PREFIX/<package>} is the commit point: {@link #record} writes the
 * JSON first and the name last, so the name never points at a release whose JSON is missing. A
 * JSON written by a run that failed before its name was written is not current: {@link #current}
 * returns the release whose name the name parameter holds (found in the JSON's history when the
 * latest JSON is ahead of it), and {@link #history} lists only releases whose name was written.
 * A name parameter without any JSON (written by the original function) means no release layerkit
 * knows of, so the next run makes one. Writes that would not change a value are skipped, so a
 * parameter gets a new version only for a new release. SSM keeps the last 100 versions of a
 * parameter, so the history is the last 100 releases.
 */
public final class SsmReleaseRegistry implements ReleaseRegistry {
  private final SsmClient ssm;
  private final ParameterLayout layout;

  public SsmReleaseRegistry(SsmClient ssm, ParameterLayout layout) {
    this.ssm = ssm;
    this.layout = layout;
  }

  /** A registry for {@code ssm:/PREFIX}; a malformed URI is a {@link IllegalArgumentException}. */
  public static SsmReleaseRegistry forUri(SsmClient ssm, String uri) {
    return new SsmReleaseRegistry(ssm, ParameterLayout.parse(uri));
  }

  @Override
  public String describe() {
    return "ssm:" + layout.root();
  }

  @Override
  public Optional<Release> current(String packageName) throws IOException {
    layout.checkPackage(packageName);
    Map<String, String> values = getParameters(
        layout.nameParameter(packageName), layout.releaseParameter(packageName));
    return resolve(packageName, values.get(layout.nameParameter(packageName)),
        values.get(layout.releaseParameter(packageName)));
  }

  @Override
  public List<Release> history(String packageName) throws IOException {
    layout.checkPackage(packageName);
    Set<String> committed = versions(layout.nameParameter(packageName)).stream()
        .map(ParameterHistory::value)
        .collect(Collectors.toSet());
    List<Release> releases = new ArrayList<>();
    for (ParameterHistory version : versions(layout.releaseParameter(packageName))) {
      Release release = read(version.name(), version.value());
      if (!committed.contains(release.name())) {
        continue;
      }
      // the same release written again (a re-run finishing an interrupted one) is one entry
      int last = releases.size() - 1;
      if (last >= 0 && releases.get(last).name().equals(release.name())) {
        releases.set(last, release);
      } else {
        releases.add(release);
      }
    }
    return releases;
  }

  @Override
  public List<Release> currentReleases() throws IOException {
    Map<String, String> values = new HashMap<>();
    try {
      ssm.getParametersByPathPaginator(b -> b.path(layout.root()).recursive(true)).stream()
          .flatMap(page -> page.parameters().stream())
          .forEach(p -> values.put(p.name(), p.value()));
    } catch (SsmException | SdkClientException e) {
      throw failure("list " + layout.root(), e);
    }
    List<Release> releases = new ArrayList<>();
    for (String name : values.keySet()) {
      Optional<String> packageName = layout.packageOfNameParameter(name);
      if (packageName.isPresent()) {
        resolve(packageName.get(), values.get(name), values.get(layout.releaseParameter(packageName.get())))
            .ifPresent(releases::add);
      }
    }
    releases.sort(Comparator.comparing(Release::packageName));
    return releases;
  }

  @Override
  public void record(Release release) throws IOException {
    String packageName = release.packageName();
    layout.checkPackage(packageName);
    String nameParameter = layout.nameParameter(packageName);
    String releaseParameter = layout.releaseParameter(packageName);
    String json = ReleaseJson.write(release);
    ParameterLayout.checkValue(nameParameter, release.name() == null ? "" : release.name());
    ParameterLayout.checkValue(releaseParameter, json);

    Map<String, String> existing = getParameters(nameParameter, releaseParameter);
    if (!json.equals(existing.get(releaseParameter))) {
      put(releaseParameter, json, "layerkit release of " + packageName + " (JSON)");
    }
    if (!release.name().equals(existing.get(nameParameter))) {
      put(nameParameter, release.name(), "layerkit: current release of " + packageName);
    }
  }

  /** The release the name parameter points at: the latest JSON, or an earlier one from its history. */
  private Optional<Release> resolve(String packageName, String name, String json) throws RegistryException {
    if (name == null || json == null) {
      return Optional.empty();
    }
    Release latest = read(layout.releaseParameter(packageName), json);
    if (name.equals(latest.name())) {
      return Optional.of(latest);
    }
    List<ParameterHistory> versions = versions(layout.releaseParameter(packageName));
    for (int i = versions.size() - 1; i >= 0; i--) {
      Release release = read(versions.get(i).name(), versions.get(i).value());
      if (name.equals(release.name())) {
        return Optional.of(release);
      }
    }
    return Optional.empty();
  }

  private Map<String, String> getParameters(String... names) throws RegistryException {
    try {
      return ssm.getParameters(b -> b.names(names)).parameters().stream()
          .collect(Collectors.toMap(Parameter::name, Parameter::value));
    } catch (SsmException | SdkClientException e) {
      throw failure("read " + String.join(", ", names), e);
    }
  }

  /** Every version of a parameter, oldest first; none when it does not exist. */
  private List<ParameterHistory> versions(String name) throws RegistryException {
    try {
      List<ParameterHistory> versions = new ArrayList<>(
          ssm.getParameterHistoryPaginator(b -> b.name(name)).stream()
              .flatMap(page -> page.parameters().stream())
              .toList());
      versions.sort(Comparator.comparingLong(ParameterHistory::version));
      return versions;
    } catch (ParameterNotFoundException e) {
      return List.of();
    } catch (SsmException | SdkClientException e) {
      throw failure("read the history of " + name, e);
    }
  }

  private void put(String name, String value, String description) throws RegistryException {
    try {
      ssm.putParameter(b -> b.name(name).value(value).type(ParameterType.STRING)
          .description(description).overwrite(true));
    } catch (SsmException | SdkClientException e) {
      throw failure("write " + name, e);
    }
  }

  private RegistryException failure(String action, Exception e) {
    String detail;
    if (e instanceof SsmException ssmError && ssmError.awsErrorDetails() != null) {
      String code = ssmError.awsErrorDetails().errorCode();
      detail = ssmError.awsErrorDetails().errorMessage() + " (" + code + ")";
      if ("AccessDeniedException".equals(code)) {
        detail += ": check the IAM permissions ssm:GetParameter*, ssm:PutParameter on " + layout.root() + "/*";
      }
    } else {
      detail = e.getMessage();
    }
    return new RegistryException("registry " + describe() + ": cannot " + action + ": " + detail, e);
  }

  private static Release read(String parameter, String json) throws RegistryException {
    try {
      return ReleaseJson.read(json);
    } catch (RegistryException e) {
      throw new RegistryException("parameter " + parameter + " does not hold a layerkit release ("
          + e.getMessage() + "): fix or delete the parameter", e);
    }
  }
}
