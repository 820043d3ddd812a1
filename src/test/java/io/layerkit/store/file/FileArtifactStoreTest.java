package io.layerkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.digest.Sha256;
import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
import io.layerkit.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtifactStoreTest {
  @TempDir Path dir;

  private ArtifactUpload upload(String name, String content) throws IOException {
    Path zip = Files.writeString(dir.resolve("build-" + name), content);
    return new ArtifactUpload("requests", name, zip, Sha256.of(zip),
        Files.size(zip), Map.of("commit", "abc"));
  }

  @Test
  void storesConfirmsAndFindsBySha256() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    ArtifactUpload upload = upload("requests-20260101000000.zip", "zip bytes");

    StoredObject stored = store.put(upload);

    assertThat(stored.key()).isEqualTo("requests/requests-20260101000000.zip");
    assertThat(stored.sha256()).isEqualTo(upload.sha256());
    assertThat(stored.size()).isEqualTo(9);
    assertThat(Files.readString(dir.resolve("store/requests/requests-20260101000000.zip")))
        .isEqualTo("zip bytes");
    assertThat(store.findBySha256("requests", upload.sha256())).contains(stored);
    assertThat(store.findBySha256("requests", "00".repeat(32))).isEmpty();
    assertThat(store.findBySha256("other", upload.sha256())).isEmpty();
    try (Stream<Path> files = Files.list(dir.resolve("store/requests"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "requests-20260101000000.zip", "requests-20260101000000.zip.json");
    }
  }

  @Test
  void aChecksumRecordIsAsReadableAsItsZip() throws IOException {
    // another user who can read the zips must be able to read their records, or reuse fails
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    store.put(upload("requests-1.zip", "zip bytes"));
    Path folder = dir.resolve("store/requests");
    assertThat(Files.getPosixFilePermissions(folder.resolve("requests-1.zip.json")))
        .isEqualTo(Files.getPosixFilePermissions(folder.resolve("requests-1.zip")))
        .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
  }

  @Test
  void neverOverwritesAnObject() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    store.put(upload("requests-1.zip", "first"));
    assertThatThrownBy(() -> store.put(upload("requests-1.zip", "second")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already exists");
    assertThat(Files.readString(dir.resolve("store/requests/requests-1.zip"))).isEqualTo("first");
  }

  @Test
  void ofTwoConcurrentPutsOfOneNameExactlyOneWins() throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    for (int round = 0; round < 20; round++) {
      String name = "requests-" + round + ".zip";
      ArtifactUpload first = upload("a-" + name, "first " + round);
      ArtifactUpload second = upload("b-" + name, "second " + round);
      ArtifactUpload one = new ArtifactUpload("requests", name, first.file(), first.sha256(),
          first.size(), first.metadata());
      ArtifactUpload two = new ArtifactUpload("requests", name, second.file(), second.sha256(),
          second.size(), second.metadata());
      CompletableFuture<StoredObject> a =
          CompletableFuture.supplyAsync(() -> putOrNull(store, one));
      CompletableFuture<StoredObject> b =
          CompletableFuture.supplyAsync(() -> putOrNull(store, two));
      StoredObject winner = a.get() != null ? a.get() : b.get();
      assertThat(a.get() == null ^ b.get() == null).as("exactly one put wins").isTrue();
      assertThat(Sha256.of(dir.resolve("store/requests/" + name)))
          .isEqualTo(winner.sha256());
    }
  }

  private static StoredObject putOrNull(FileArtifactStore store, ArtifactUpload upload) {
    try {
      return store.put(upload);
    } catch (StoreException e) {
      assertThat(e).hasMessageContaining("already exists");
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aZipThatChangedSinceItsDigestIsRefusedAndLeavesNothing() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    ArtifactUpload upload = upload("requests-2.zip", "original");
    Files.writeString(upload.file(), "tampered");
    assertThatThrownBy(() -> store.put(upload)).hasMessageContaining("does not match");
    try (Stream<Path> files = Files.list(dir.resolve("store/requests"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void documentsLieBesideTheZipInsideTheStoreOnly() throws IOException {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    StoredObject zip = store.put(upload("requests-20260101000000.zip", "zip bytes"));

    StoredObject provenance = store.putDocument("requests/requests-20260101000000.intoto.jsonl",
        "{}\n".getBytes(StandardCharsets.UTF_8), "application/vnd.in-toto+jsonl");
    store.putDocument(provenance.key(), "{\"again\":1}\n".getBytes(
        StandardCharsets.UTF_8), "application/vnd.in-toto+jsonl");

    assertThat(Files.readString(dir.resolve("store").resolve(provenance.key())))
        .as("a re-run's document replaces the earlier one").isEqualTo("{\"again\":1}\n");
    assertThat(store.hashObject(zip.key()).orElseThrow().sha256()).isEqualTo(zip.sha256());
    assertThat(store.readDocument(provenance.key(), 100)).isPresent();
    assertThat(store.findBySha256("requests", zip.sha256())).contains(zip);
    assertThatThrownBy(() -> store.putDocument("../outside.json", new byte[1], "text/plain"))
        .isInstanceOf(StoreException.class).hasMessageContaining("lies outside");
    assertThat(dir.resolve("outside.json")).doesNotExist();
    try (Stream<Path> left = Files.list(dir.resolve("store/requests"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no temporary files").noneMatch(name -> name.endsWith(".tmp"));
    }
  }
}
