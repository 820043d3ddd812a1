package io.layerkit.store.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.digest.Sha256;
import io.layerkit.json.JsonMappers;
import io.layerkit.store.ArtifactStore;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Zips in a local folder ({@code file:DIR}, default {@code .layerkit/store}), laid out as an S3
 * bucket would be: {@code <package>/<package>-<timestamp>.zip}, each with a {@code .json}
 * sidecar holding its SHA-256 and metadata.
 *
 * <p>An object is copied to a temporary name, re-read to confirm its size and SHA-256, and only
 * then linked into place; an existing object is never replaced, not even by a concurrent run.
 */
public final class FileArtifactStore implements ArtifactStore {
  private static final ObjectMapper JSON = JsonMappers.plain();

  private final Path root;

  public FileArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  @Override
  public Optional<StoredObject> findBySha256(String packageName, String sha256) throws IOException {
    Path folder = root.resolve(packageName);
    if (!Files.isDirectory(folder)) {
      return Optional.empty();
    }
    List<Path> sidecars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.zip.json")) {
      stream.forEach(sidecars::add);
    }
    sidecars.sort(null);
    for (Path sidecar : sidecars) {
      Map<?, ?> meta = JSON.readValue(sidecar.toFile(), Map.class);
      Path zip = sidecar.resolveSibling(
          sidecar.getFileName().toString().replaceFirst("\\.json$", ""));
      if (sha256.equals(meta.get("sha256")) && Files.isRegularFile(zip)) {
        return Optional.of(objectOf(packageName, zip, sha256));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<StoredObject> find(String key) throws IOException {
    Path zip = root.resolve(key).normalize();
    Path sidecar = zip.resolveSibling(zip.getFileName() + ".json");
    if (!zip.startsWith(root) || !Files.isRegularFile(zip) || !Files.isRegularFile(sidecar)) {
      return Optional.empty();
    }
    Object sha256 = JSON.readValue(sidecar.toFile(), Map.class).get("sha256");
    return sha256 instanceof String hex
        ? Optional.of(objectOf(zip.getParent().getFileName().toString(), zip, hex))
        : Optional.empty();
  }

  /** A folder keeps one copy of each object. */
  @Override
  public boolean keepsVersions() {
    return false;
  }

  @Override
  public StoredObject put(ArtifactUpload upload) throws IOException {
    Path folder = root.resolve(upload.packageName());
    Path target = folder.resolve(upload.name());
    if (!target.normalize().startsWith(root)) {
      throw new StoreException("object name " + upload.name() + " lies outside " + root);
    }
    Files.createDirectories(folder);
    if (Files.exists(target)) {
      throw new StoreException("object " + key(upload.packageName(), target)
          + " already exists in " + describe() + "; objects are never overwritten");
    }
    Path temp = Files.createTempFile(folder, "." + upload.name() + ".", ".tmp");
    try {
      Files.copy(upload.file(), temp, StandardCopyOption.REPLACE_EXISTING);
      String stored = Sha256.of(temp);
      long size = Files.size(temp);
      if (!stored.equals(upload.sha256()) || size != upload.size()) {
        throw new StoreException("stored copy of " + upload.name() + " does not match the built"
            + " zip (sha256 " + stored + ", " + size + " bytes); check the disk under " + root);
      }
      try {
        // a hard link appears atomically and, unlike a rename, fails when the name is taken
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        throw new StoreException("object " + key(upload.packageName(), target)
            + " already exists in " + describe() + "; objects are never overwritten", e);
      }
      try {
        writeSidecar(folder.resolve(upload.name() + ".json"), upload);
      } catch (IOException e) {
        Files.deleteIfExists(target); // an object without its checksum record is never reused
        throw e;
      }
      return objectOf(upload.packageName(), target, stored);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public List<StoredObject> list(String packageName) throws IOException {
    Path folder = root.resolve(packageName);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    Pattern releaseZip = Pattern.compile(Pattern.quote(packageName) + "-\\d{14}\\.zip");
    List<Path> zips;
    try (Stream<Path> entries = Files.list(folder)) {
      zips = entries.filter(p -> releaseZip.matcher(p.getFileName().toString()).matches())
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
    List<StoredObject> objects = new ArrayList<>();
    for (Path zip : zips) {
      Path sidecar = zip.resolveSibling(zip.getFileName() + ".json");
      Object sha256 = Files.isRegularFile(sidecar)
          ? JSON.readValue(sidecar.toFile(), Map.class).get("sha256") : null;
      objects.add(objectOf(packageName, zip, sha256 instanceof String hex ? hex : null));
    }
    return objects;
  }

  /** The zip first: a checksum record left without its zip is never taken for an object. */
  @Override
  public void delete(StoredObject object) throws IOException {
    Path zip = root.resolve(object.key()).normalize();
    if (!zip.startsWith(root) || !zip.getFileName().toString().endsWith(".zip")) {
      throw new StoreException("object " + object.key() + " is not a zip inside " + describe());
    }
    Files.deleteIfExists(zip);
    String companionPrefix = ArtifactStore.companionPrefix(zip.getFileName().toString());
    try (Stream<Path> entries = Files.list(zip.getParent())) {
      for (Path companion : entries
          .filter(p -> p.getFileName().toString().startsWith(companionPrefix)).toList()) {
        Files.deleteIfExists(companion);
      }
    }
  }

  private void writeSidecar(Path sidecar, ArtifactUpload upload) throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("sha256", upload.sha256());
    meta.put("size", upload.size());
    meta.put("metadata", new TreeMap<>(upload.metadata()));
    // not createTempFile: its 0600 would make the record unreadable to those who read the zip
    Path temp = sidecar.resolveSibling(".sidecar." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, meta);
      }
      Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private StoredObject objectOf(String packageName, Path zip, String sha256) throws IOException {
    return new StoredObject(key(packageName, zip), zip.toUri().toString(), Files.size(zip), sha256,
        Optional.empty());
  }

  private static String key(String packageName, Path zip) {
    return packageName + "/" + zip.getFileName();
  }

  @Override
  public StoredObject putDocument(String key, byte[] content, String mediaType)
      throws IOException {
    Path target = fileOf(key);
    Files.createDirectories(target.getParent());
    // not createTempFile: its 0600 would make the document unreadable to those who read the zip
    Path temp = target.resolveSibling(".document." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(temp, content, StandardOpenOption.CREATE_NEW);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return hashObject(key).orElseThrow(() -> new StoreException("document " + key
        + " is missing right after it was written to " + describe()));
  }

  @Override
  public Optional<StoredObject> hashObject(String key) throws IOException {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(new StoredObject(key, file.toUri().toString(), Files.size(file),
        Sha256.of(file), Optional.empty()));
  }

  @Override
  public Optional<byte[]> readDocument(String key, int maxBytes) throws IOException {
    Path file = fileOf(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (Files.size(file) > maxBytes) {
      throw new StoreException("document " + key + " in " + describe() + " is larger than "
          + maxBytes + " bytes; it is not one layerkit wrote");
    }
    return Optional.of(Files.readAllBytes(file));
  }

  /** The file of a full key, which never lies outside the store's folder. */
  private Path fileOf(String key) throws StoreException {
    Path file = root.resolve(key).normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new StoreException("key " + key + " lies outside " + describe());
    }
    return file;
  }
}
