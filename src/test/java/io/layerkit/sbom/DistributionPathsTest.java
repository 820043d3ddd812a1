package io.layerkit.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.tree.TreeEntry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DistributionPathsTest {

  private static Optional<DistributionPaths.Match> match(String path) {
    return DistributionPaths.match(TreeEntry.file(path, 10, false));
  }

  @Test
  void pythonMetadataInDistInfoAndBothEggInfoForms() {
    assertThat(match("python/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA"))
        .contains(new DistributionPaths.Match(DistributionPaths.Kind.PYTHON_METADATA, "requests", "2.31.0"));
    assertThat(match("python/PyJWT-2.6.0.egg-info/PKG-INFO"))
        .contains(new DistributionPaths.Match(DistributionPaths.Kind.PYTHON_METADATA, "PyJWT", "2.6.0"));
    assertThat(match("python/cryptography.egg-info/PKG-INFO"))
        .contains(new DistributionPaths.Match(DistributionPaths.Kind.PYTHON_METADATA, "cryptography", null));
    assertThat(match("python/oldstyle-2.0-py3.12.egg-info"))
        .contains(new DistributionPaths.Match(DistributionPaths.Kind.PYTHON_METADATA, "oldstyle", "2.0"));
    assertThat(match("python/requests-2.31.0.dist-info/RECORD")).isEmpty();
    assertThat(match("python/requests/METADATA")).isEmpty();
  }

  @Test
  void nodePackagesAtAnyDepthButNotPackageJsonInsideAPackage() {
    assertThat(match("nodejs/node_modules/debug/package.json")).contains(
        new DistributionPaths.Match(DistributionPaths.Kind.NODE_PACKAGE, "debug", null));
    assertThat(match("nodejs/node_modules/@babel/code-frame/package.json")).contains(
        new DistributionPaths.Match(DistributionPaths.Kind.NODE_PACKAGE, "@babel/code-frame", null));
    assertThat(match("nodejs/node18/node_modules/debug/node_modules/ms/package.json")).contains(
        new DistributionPaths.Match(DistributionPaths.Kind.NODE_PACKAGE, "ms", null));
    assertThat(match("nodejs/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json")).contains(
        new DistributionPaths.Match(DistributionPaths.Kind.NODE_PACKAGE, "ms", null));
    assertThat(match("nodejs/node_modules/debug/src/package.json")).isEmpty();
    assertThat(match("nodejs/node_modules/.bin/package.json")).isEmpty();
    assertThat(match("nodejs/node_modules/@babel/package.json")).isEmpty();
    assertThat(match("nodejs/package.json")).isEmpty();
  }

  @Test
  void jarsUnderJavaLibOnlyAndNeverALink() {
    assertThat(match("java/lib/jackson-databind-2.23.0.jar")).contains(
        new DistributionPaths.Match(DistributionPaths.Kind.JAR, "jackson-databind-2.23.0", null));
    assertThat(match("java/lib/sub/Tool.JAR")).isPresent();
    assertThat(match("lib/tool.jar")).isEmpty();
    assertThat(DistributionPaths.match(TreeEntry.symlink("java/lib/current.jar", 12))).isEmpty();
    assertThat(DistributionPaths.match(
        TreeEntry.symlink("nodejs/node_modules/debug/package.json", 12))).isEmpty();
  }
}
