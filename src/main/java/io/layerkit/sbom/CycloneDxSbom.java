package io.layerkit.sbom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Evidence;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Occurrence;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Writes the CycloneDX (JSON, spec {@value #SPEC}) SBOM of a layer: the layer itself as the main
 * component with its zip's SHA-256, and one component per distribution inside it, with its package
 * URL, declared license, hash (jars) and where it lies in the layer.
 *
 * <p>Byte-reproducible: the serial number is a name-based (version 5) UUID of the zip's SHA-256
 * and the commit, the timestamp is the build's timestamp setting, components come sorted, and line
 * ends are {@code \n} on every platform.
 */
public final class CycloneDxSbom {
  public static final String SPEC = "1.6";
  public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
  static final Version VERSION = Version.VERSION_16;

  /** The namespace of layerkit's SBOM serial numbers (RFC 9562 name-based UUIDs). */
  private static final UUID SERIAL_NAMESPACE =
      UUID.fromString("210760af-0611-4562-be45-207d66c6dcbd");
  private static final String LAYER_REF = "layer";

  private CycloneDxSbom() {}

  /** {@code requests/requests-20261123223500.zip} -> {@code requests/requests-20261123223500.cdx.json}. */
  public static String keyFor(String zipKey) {
    String stem = zipKey.endsWith(".zip") ? zipKey.substring(0, zipKey.length() - 4) : zipKey;
    return stem + ".cdx.json";
  }

  /** The SBOM's bytes: UTF-8 JSON ending in a newline. */
  public static byte[] write(LayerSubject layer, List<Distribution> distributions) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + serialNumber(layer));
    bom.setVersion(1);
    bom.setMetadata(metadata(layer));
    List<Component> components = new ArrayList<>();
    Dependency contents = new Dependency(LAYER_REF);
    Set<String> refs = new HashSet<>();
    for (Distribution distribution : distributions.stream().sorted(Distribution.ORDER).toList()) {
      String ref = ref(distribution);
      if (!refs.add(ref)) {
        // the same coordinates on other bytes: told apart by where they lie
        ref = ref + "#" + distribution.locations().get(0);
      }
      Component component = component(distribution, ref);
      components.add(component);
      contents.addDependency(new Dependency(component.getBomRef()));
    }
    bom.setComponents(components);
    bom.setDependencies(new ArrayList<>(List.of(contents)));
    try {
      String json = new BomJsonGenerator(bom, VERSION).toJsonString();
      return (json.replace(System.lineSeparator(), "\n") + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("cannot write the SBOM of " + layer.packageName(), e);
    }
  }

  private static Metadata metadata(LayerSubject layer) {
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(layer.timestamp()));
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("layerkit");
    tool.setVersion(layer.toolVersion());
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);

    Component main = new Component();
    main.setType(Component.Type.LIBRARY);
    main.setBomRef(LAYER_REF);
    main.setName(layer.packageName());
    layer.commit().ifPresent(main::setVersion);
    main.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, layer.zipSha256())));
    layer.source().ifPresent(source -> {
      ExternalReference vcs = new ExternalReference();
      vcs.setType(ExternalReference.Type.VCS);
      vcs.setUrl(source);
      main.setExternalReferences(List.of(vcs));
    });
    List<Property> properties = new ArrayList<>();
    layer.packagePath().ifPresent(p -> properties.add(new Property("layerkit:packagePath", p)));
    layer.commit().ifPresent(c -> properties.add(new Property("layerkit:commit", c)));
    if (!properties.isEmpty()) {
      main.setProperties(properties);
    }
    metadata.setComponent(main);
    return metadata;
  }

  /** The package URL, or for a jar nothing identifies its hash and place. */
  private static String ref(Distribution distribution) {
    return distribution.purl() != null
        ? distribution.purl()
        : "jar:" + distribution.sha256() + ":" + distribution.locations().get(0);
  }

  private static Component component(Distribution distribution, String ref) {
    Component component = new Component();
    component.setType(Component.Type.LIBRARY);
    component.setBomRef(ref);
    component.setGroup(distribution.group());
    component.setName(distribution.name());
    component.setVersion(distribution.version());
    component.setPurl(distribution.purl());
    component.setLicenses(LicenseChoices.of(distribution.license()));
    if (distribution.sha256() != null) {
      component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, distribution.sha256())));
    }
    if (!distribution.locations().isEmpty()) {
      List<Occurrence> occurrences = new ArrayList<>();
      for (String location : distribution.locations()) {
        Occurrence occurrence = new Occurrence();
        occurrence.setLocation(location);
        occurrences.add(occurrence);
      }
      Evidence evidence = new Evidence();
      evidence.setOccurrences(occurrences);
      component.setEvidence(evidence);
    }
    if (!distribution.bundled().isEmpty()) {
      List<Component> bundled = new ArrayList<>();
      for (Distribution inside : distribution.bundled()) {
        bundled.add(component(inside, ref + "#" + ref(inside)));
      }
      component.setComponents(bundled);
    }
    return component;
  }

  /** RFC 9562 version 5: SHA-1 of the namespace and the name, version and variant bits set. */
  static UUID serialNumber(LayerSubject layer) {
    byte[] name = ("layerkit-sbom:" + layer.zipSha256() + ":" + layer.commit().orElse(""))
        .getBytes(StandardCharsets.UTF_8);
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-1", e);
    }
    sha1.update(ByteBuffer.allocate(16)
        .putLong(SERIAL_NAMESPACE.getMostSignificantBits())
        .putLong(SERIAL_NAMESPACE.getLeastSignificantBits())
        .array());
    byte[] hash = sha1.digest(name);
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bits.getLong(), bits.getLong());
  }
}
