package io.layerkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.store.ArtifactUpload;
import io.layerkit.store.StoreException;
import io.layerkit.store.StoredObject;
import io.layerkit.testing.SampleZip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What retention asks of the file store: list a package's zips, delete one with its companions. */
class FileArtifactStoreListAndDeleteTest {
  @TempDir Path dir;

  private StoredObject put(FileArtifactStore store, String name, String content) throws Exception {
    SampleZip zip = SampleZip.write(Files.createTempDirectory(dir, "zip"), name, content);
    return store.put(new ArtifactUpload("requests", name, zip.file(), zip.sha256(), zip.size(), Map.of()));
  }

  @Test
  void listsTheZipsOldestFirstWithTheSha256OfTheirRecord() throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    StoredObject newer = put(store, "requests-20261123223500.zip", "two");
    StoredObject older = put(store, "requests-20250101000000.zip", "one");
    Files.writeString(dir.resolve("store/requests/requests-20240101000000.zip"), "no record");
    Files.writeString(dir.resolve("store/requests/notes.zip"), "not layerkit's name");

    List<StoredObject> listed = store.list("requests");

    assertThat(listed).extracting(StoredObject::key).containsExactly(
        "requests/requests-20240101000000.zip", older.key(), newer.key());
    assertThat(listed).extracting(StoredObject::sha256).containsExactly(null, older.sha256(), newer.sha256());
    assertThat(store.list("other")).isEmpty();
  }

  @Test
  void deletingAZipRemovesItsRecordAndCompanionsAndLeavesTheOthers() throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));
    StoredObject doomed = put(store, "requests-20250101000000.zip", "one");
    StoredObject kept = put(store, "requests-20250102000000.zip", "two");
    Files.writeString(dir.resolve("store/requests/requests-20250101000000.zip.cdx.json"), "{}");
    // the SBOM and provenance as publish names them: the zip's name without .zip
    Files.writeString(dir.resolve("store/requests/requests-20250101000000.cdx.json"), "{}");
    Files.writeString(dir.resolve("store/requests/requests-20250101000000.intoto.jsonl"), "{}");

    store.delete(doomed);

    try (Stream<Path> left = Files.list(dir.resolve("store/requests"))) {
      assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("requests-20250102000000.zip", "requests-20250102000000.zip.json");
    }
    assertThat(store.findBySha256("requests", doomed.sha256())).isEmpty();
    assertThat(store.findBySha256("requests", kept.sha256())).isPresent();
  }

  @Test
  void refusesToDeleteOutsideTheStore() {
    FileArtifactStore store = new FileArtifactStore(dir.resolve("store"));

    assertThatThrownBy(() -> store.delete(new StoredObject("../releases.json.zip", "file:x", 1,
        "aa", Optional.empty())))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not a zip inside file:");
  }
}
