package io.layerkit.retention;

import io.layerkit.aws.AwsClients;
import io.layerkit.publish.LayerVersionRequest;
import io.layerkit.publish.PublishedLayer;
import io.layerkit.publish.lambda.LambdaLayerPublisher;
import io.layerkit.registry.Release;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoredObject;
import io.layerkit.testing.SampleZip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A package's history as layerkit leaves it, made for retention tests with the real parts: one
 * zip per day stored under layerkit's name ({@code <package>-<yyyyMMddHHmmss>.zip}, the first
 * on 2025-01-01), each published as a layer version by the real publisher, so that version
 * {@code i} holds the content of the {@code i}-th zip.
 */
public final class LayerHistory {
  public static final Instant FIRST = Instant.parse("2025-01-01T00:00:00Z");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  /** One stored zip and the version made from it. */
  public record Entry(StoredObject object, PublishedLayer layer, Instant stored) {
    public Release release(String packageName) {
      String name = packageName + "-" + STAMP.format(stored);
      return new Release(packageName, name, object.key(), object.location(), object.sha256(),
          object.sha256(), object.size(), 1, 10, "0123456789abcdef0123456789abcdef01234567",
          "dir:.", "layers/" + packageName, null, stored, layer.layerVersionArn());
    }
  }

  private LayerHistory() {}

  /** Stores and publishes {@code count} versions of {@code packageName}, oldest first. */
  public static List<Entry> publish(ArtifactStore store, LambdaLayerPublisher publisher,
      Path dir, String packageName, int count) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Instant stored = FIRST.plus(i - 1, ChronoUnit.DAYS);
      SampleZip zip = SampleZip.write(dir, packageName + "-" + i + ".zip", "version = " + i);
      StoredObject object = store.put(new ArtifactUpload(packageName,
          packageName + "-" + STAMP.format(stored) + ".zip", zip.file(), zip.sha256(), zip.size(),
          Map.of()));
      PublishedLayer layer = publisher.publish(new LayerVersionRequest(packageName, object,
          zip.sha256(), "layerkit layers/" + packageName + " sha256:" + zip.sha256().substring(0, 16),
          List.of("python3.12"), List.of(), null, List.of()));
      entries.add(new Entry(object, layer, stored));
    }
    return entries;
  }

  /** A Python function in moto that uses {@code layerArns}; moto wants its role to exist in IAM. */
  public static String createFunction(AwsClients clients, IamClient iam, Path dir, String name,
      List<String> layerArns) throws IOException {
    String role = iam.createRole(b -> b.roleName(name + "-role").assumeRolePolicyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
        .role().arn();
    SampleZip code = SampleZip.write(dir, name + "-code.zip", "def handler(e, c): return 1");
    byte[] bytes = Files.readAllBytes(code.file());
    return clients.lambda().createFunction(b -> b.functionName(name).role(role)
        .runtime(Runtime.PYTHON3_12).handler("module.handler")
        .code(c -> c.zipFile(SdkBytes.fromByteArray(bytes)))
        .layers(layerArns)).functionArn();
  }
}
