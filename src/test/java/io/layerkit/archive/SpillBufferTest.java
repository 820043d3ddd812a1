package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillBufferTest {
  @TempDir Path dir;

  private static byte[] read(SpillBuffer buffer) throws IOException {
    try (InputStream in = buffer.open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void keepsSmallContentInMemory() throws IOException {
    try (SpillArea area = new SpillArea(dir);
        SpillBuffer buffer = new SpillBuffer(area, 1024)) {
      buffer.write("hello".getBytes(), 0, 5);
      buffer.write("!!".getBytes(), 0, 2);
      buffer.finish();

      assertThat(buffer.spilled()).isFalse();
      assertThat(buffer.size()).isEqualTo(7);
      assertThat(read(buffer)).isEqualTo("hello!!".getBytes());
      assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
    }
  }

  @Test
  void movesToATemporaryFileInTheAreaAboveTheThresholdAndDeletesItOnClose() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(5000, 1);
    try (SpillArea area = new SpillArea(dir)) {
      SpillBuffer buffer = new SpillBuffer(area, 1024);
      for (int offset = 0; offset < content.length; offset += 700) {
        buffer.write(content, offset, Math.min(700, content.length - offset));
      }
      buffer.finish();

      assertThat(buffer.spilled()).isTrue();
      assertThat(buffer.size()).isEqualTo(5000);
      assertThat(read(buffer)).isEqualTo(content);
      assertThat(ReproducibleZipArchiverTest.listing(dir)).singleElement()
          .satisfies(name -> assertThat(name).startsWith(".layerkit-spill-"));

      buffer.close();
      assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
      assertThat(area.liveFiles()).isZero();
    }
  }

  @Test
  void resetDropsWhatWasWrittenAndItsFile() throws IOException {
    try (SpillArea area = new SpillArea(dir);
        SpillBuffer buffer = new SpillBuffer(area, 100)) {
      buffer.write(new byte[500], 0, 500);
      buffer.reset();
      buffer.write("x".getBytes(), 0, 1);
      buffer.finish();

      assertThat(buffer.spilled()).isFalse();
      assertThat(read(buffer)).isEqualTo("x".getBytes());
      assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
    }
  }

  @Test
  void closingTheAreaDeletesFilesNobodyClosedAndRefusesNewOnes() throws IOException {
    SpillArea area = new SpillArea(dir);
    SpillBuffer forgotten = new SpillBuffer(area, 10);
    forgotten.write(new byte[100], 0, 100);
    forgotten.finish();
    assertThat(area.liveFiles()).isEqualTo(1);

    area.close();

    assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
    assertThatThrownBy(area::newFile).isInstanceOf(IOException.class);
  }
}
