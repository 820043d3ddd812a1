package io.layerkit.registry.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.aws.AwsClients;
import io.layerkit.config.AwsSettings;
import io.layerkit.registry.RegistryException;
import io.layerkit.registry.Release;
import io.layerkit.registry.ReleaseJson;
import io.layerkit.testing.MotoServer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The SSM registry against moto_server through the real SDK. */
class SsmReleaseRegistryAgainstMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private AwsClients clients;
  private SsmClient ssm;
  private SsmReleaseRegistry registry;

  @BeforeEach
  void setUp() {
    clients = AwsClients.create(new AwsSettings(Optional.of(MOTO.region().id()), Optional.empty(),
        Optional.of(MOTO.endpoint().toString()), Optional.empty()), MOTO.credentials());
    ssm = clients.ssm();
    registry = SsmReleaseRegistry.forUri(ssm, "ssm:/platform/layers");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void recordWritesTheOriginalValueAndTheReleaseJsonBesideIt() throws Exception {
    Release release = release("requests", "20261123223500", "a");

    registry.record(release);

    Parameter name = parameter("/platform/layers/requests");
    assertThat(name.value()).isEqualTo("requests-20261123223500");
    assertThat(name.type()).isEqualTo(ParameterType.STRING);
    assertThat(name.version()).isEqualTo(1L);
    Parameter json = parameter("/platform/layers/requests/release");
    assertThat(json.value()).contains("\"created\":\"2026-11-23T22:35:00Z\"")
        .contains("\"sha256\":\"" + "a".repeat(64) + "\"")
        .contains("\"layerVersionArn\":\"arn:aws:lambda:us-east-1:123456789012:layer:requests:1\"");
    assertThat(registry.current("requests")).contains(release);
    assertThat(registry.describe()).isEqualTo("ssm:/platform/layers");
  }

  @Test
  void recordingTheCurrentReleaseAgainCreatesNoNewParameterVersion() throws Exception {
    Release release = release("requests", "20261123223500", "a");
    registry.record(release);

    registry.record(release);

    assertThat(parameter("/platform/layers/requests").version()).isEqualTo(1L);
    assertThat(parameter("/platform/layers/requests/release").version()).isEqualTo(1L);
  }

  @Test
  void historyListsEveryRecordedReleaseOldestFirst() throws Exception {
    Release first = release("requests", "20261101000000", "a");
    Release second = release("requests", "20261102000000", "b");
    registry.record(first);
    registry.record(second);

    assertThat(registry.history("requests")).containsExactly(first, second);
    assertThat(registry.current("requests")).contains(second);
    assertThat(parameter("/platform/layers/requests").version()).isEqualTo(2L);
    assertThat(registry.history("numpy")).isEmpty();
    assertThat(registry.current("numpy")).isEmpty();
  }

  @Test
  void currentReleasesListsEveryPackageSortedAndIgnoresOtherParameters() throws Exception {
    Release zeta = release("zeta", "20261101000000", "a");
    Release alpha = release("alpha", "20261102000000", "b");
    Release alphaNewer = release("alpha", "20261103000000", "c");
    registry.record(zeta);
    registry.record(alpha);
    registry.record(alphaNewer);
    ssm.putParameter(b -> b.name("/platform/layers/notes/readme").value("not a release").type(ParameterType.STRING));
    ssm.putParameter(b -> b.name("/platform/other").value("outside the prefix").type(ParameterType.STRING));
    for (int i = 0; i < 12; i++) {
      // more than one GetParametersByPath page (10 per page)
      registry.record(release("pkg" + i, "20261104000000", "d"));
    }

    List<Release> current = registry.currentReleases();

    assertThat(current).hasSize(14);
    assertThat(current.get(0)).isEqualTo(alphaNewer);
    assertThat(current.get(13)).isEqualTo(zeta);
    assertThat(current).extracting(Release::packageName).isSorted();
  }

  @Test
  void aNameParameterLeftByTheOriginalFunctionIsNoRelease() throws Exception {
    ssm.putParameter(b -> b.name("/platform/layers/requests").value("requests-20240101000000").type(ParameterType.STRING));

    assertThat(registry.current("requests")).isEmpty();
    assertThat(registry.currentReleases()).isEmpty();

    Release release = release("requests", "20261123223500", "a");
    registry.record(release);
    assertThat(registry.current("requests")).contains(release);
  }

  @Test
  void aReleaseWhoseNameWasNeverWrittenIsNotCurrent() throws Exception {
    Release recorded = release("requests", "20261101000000", "a");
    Release interrupted = release("requests", "20261102000000", "b");
    String interruptedJson = ReleaseJson.write(interrupted);
    registry.record(recorded);
    // a run that wrote the JSON and then failed before writing the name parameter
    ssm.putParameter(b -> b.name("/platform/layers/requests/release").value(interruptedJson)
        .type(ParameterType.STRING).overwrite(true));

    assertThat(registry.current("requests")).contains(recorded);
    assertThat(registry.currentReleases()).containsExactly(recorded);
    assertThat(registry.history("requests")).containsExactly(recorded);

    // the re-run records it: the JSON is already there, only the name is written
    registry.record(interrupted);
    assertThat(registry.current("requests")).contains(interrupted);
    assertThat(parameter("/platform/layers/requests/release").version()).isEqualTo(2L);
    assertThat(parameter("/platform/layers/requests").version()).isEqualTo(2L);
  }

  @Test
  void aReleaseRecordedAgainByARerunIsOneEntryOfTheHistory() throws Exception {
    Release recorded = release("requests", "20261101000000", "a");
    Release interrupted = release("requests", "20261102000000", "b");
    registry.record(recorded);
    String interruptedJson = ReleaseJson.write(interrupted);
    ssm.putParameter(b -> b.name("/platform/layers/requests/release").value(interruptedJson)
        .type(ParameterType.STRING).overwrite(true));

    // the re-run reuses the interrupted run's zip, so its release has that name, made later
    Release rerun = new Release("requests", interrupted.name(), interrupted.key(),
        interrupted.location(), interrupted.sha256(), interrupted.contentDigest(),
        interrupted.size(), interrupted.files(), interrupted.unzippedSize(), interrupted.commit(),
        interrupted.source(), interrupted.packagePath(), null,
        interrupted.created().plusSeconds(600), interrupted.layerVersionArn());
    registry.record(rerun);

    assertThat(registry.current("requests")).contains(rerun);
    assertThat(registry.history("requests")).containsExactly(recorded, rerun);
  }

  @Test
  void aReleaseThatBecomesCurrentAgainAppearsAgainInTheHistory() throws Exception {
    Release first = release("requests", "20261101000000", "a");
    Release second = release("requests", "20261102000000", "b");
    registry.record(first);
    registry.record(second);

    registry.record(first);

    assertThat(registry.history("requests")).containsExactly(first, second, first);
  }

  @Test
  void invalidNamesAndOversizedValuesAreRefusedBeforeAnyWrite() {
    assertThatThrownBy(() -> registry.record(release("bad name", "20261101000000", "a")))
        .isInstanceOf(RegistryException.class)
        .hasMessage("registry ssm:/platform/layers: package name 'bad name' cannot be part of an SSM parameter "
            + "name (only letters, digits, '_', '.', '-'): name the package in the config");
    Release huge = new Release("requests", "requests-20261101000000", "layers/requests/requests-20261101000000.zip",
        "s3://b/k", "a".repeat(64), "cd", 1, 1, 1, null, "x".repeat(5000), "lambda/layers/requests", null,
        Instant.parse("2026-11-01T00:00:00Z"), null);
    assertThatThrownBy(() -> registry.record(huge))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("parameter /platform/layers/requests/release: value is ")
        .hasMessageEndingWith("bytes, more than the 4096 of a standard SSM parameter: "
            + "shorten the source description or package path");

    assertThat(ssm.getParametersByPath(b -> b.path("/").recursive(true)).parameters()).isEmpty();
  }

  @Test
  void invalidPrefixesAreConfigurationErrors() {
    assertThatThrownBy(() -> SsmReleaseRegistry.forUri(ssm, "ssm:/aws/layers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry ssm:/aws/layers: SSM reserves names starting with 'aws' or 'ssm': choose another prefix");
    assertThatThrownBy(() -> SsmReleaseRegistry.forUri(ssm, "ssm:/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix segment 'a b' is not allowed");
    assertThatThrownBy(() -> SsmReleaseRegistry.forUri(ssm, "ssm:/1/2/3/4/5/6/7/8/9/10/11/12/13/14"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SSM allows 15 including the two layerkit adds");
    assertThat(SsmReleaseRegistry.forUri(ssm, "ssm:/1/2/3/4/5/6/7/8/9/10/11/12/13").describe())
        .isEqualTo("ssm:/1/2/3/4/5/6/7/8/9/10/11/12/13");
  }

  @Test
  void theDeepestAllowedPrefixIsAcceptedBySsm() throws Exception {
    SsmReleaseRegistry deep = SsmReleaseRegistry.forUri(ssm, "ssm:/1/2/3/4/5/6/7/8/9/10/11/12/13");
    Release release = release("requests", "20261101000000", "a");

    deep.record(release);

    assertThat(deep.current("requests")).contains(release);
  }

  private Parameter parameter(String name) {
    return ssm.getParameter(b -> b.name(name)).parameter();
  }

  private static Release release(String packageName, String timestamp, String shaChar) {
    String name = packageName + "-" + timestamp;
    Instant created = java.time.LocalDateTime.parse(timestamp, java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
        .toInstant(java.time.ZoneOffset.UTC);
    return new Release(packageName, name, "layers/" + packageName + "/" + name + ".zip",
        "s3://layer-artifacts/layers/" + packageName + "/" + name + ".zip", shaChar.repeat(64), "cd-" + shaChar,
        1234, 3, 5678, "0123456789abcdef0123456789abcdef01234567", "bitbucket://acme/layers",
        "lambda/layers/" + packageName, null, created,
        "arn:aws:lambda:us-east-1:123456789012:layer:" + packageName + ":1");
  }
}
