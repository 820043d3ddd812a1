package io.layerkit.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedCompressionTest {
  private static final int CHUNK = EntryCompressor.DEFAULT_CHUNK_SIZE;

  @TempDir Path dir;

  private static List<TreeEntry> entries(int count) {
    List<TreeEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(TreeEntry.file(String.format("f%03d", i), content(i).length, false));
    }
    return entries;
  }

  private static byte[] content(int i) {
    return ("entry " + i + "\n").repeat(i + 1).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handsEntriesBackInListOrderWhateverOrderWorkersFinishIn() throws IOException {
    List<TreeEntry> entries = entries(60);
    Random random = new Random(3);
    List<Integer> delays = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      delays.add(random.nextInt(8));
    }
    ContentOpener slowAndUneven = entry -> {
      int i = Integer.parseInt(entry.path().substring(1));
      try {
        Thread.sleep(delays.get(i));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ByteArrayInputStream(content(i));
    };
    List<String> taken = new ArrayList<>();
    try (SpillArea area = new SpillArea(dir);
        OrderedCompression compression =
            new OrderedCompression(entries, slowAndUneven, area, 4, 8, 1 << 20, 6, 1024, 1 << 20,
                CHUNK)) {
      for (int i = 0; i < entries.size(); i++) {
        try (CompressedEntry next = compression.next()) {
          taken.add(next.entry().path());
        }
      }
    }
    assertThat(taken).containsExactlyElementsOf(entries.stream().map(TreeEntry::path).toList());
  }

  @Test
  void neverHasMoreThanTheWindowInFlight() throws IOException {
    List<TreeEntry> entries = entries(40);
    AtomicInteger opened = new AtomicInteger();
    ContentOpener counting = entry -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(content(Integer.parseInt(entry.path().substring(1))));
    };
    try (SpillArea area = new SpillArea(dir);
        OrderedCompression compression =
            new OrderedCompression(entries, counting, area, 2, 4, 1 << 20, 6, 1024, 1 << 20,
                CHUNK)) {
      for (int taken = 0; taken < entries.size(); taken++) {
        waitUntilQuiet(opened);
        // taken entries plus at most the window of submitted ones
        assertThat(opened.get()).isLessThanOrEqualTo(taken + 4);
        compression.next().close();
      }
    }
  }

  @Test
  void keepsTheInMemoryShareOfWhatIsInFlightWithinTheBudget() throws IOException {
    byte[] content = ReproducibleZipArchiverTest.randomBytes(600_000, 8);
    List<TreeEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(TreeEntry.file("big" + i, content.length, false));
    }
    AtomicInteger opened = new AtomicInteger();
    ContentOpener counting = entry -> {
      opened.incrementAndGet();
      return new ByteArrayInputStream(content);
    };
    try (SpillArea area = new SpillArea(dir);
        OrderedCompression compression =
            new OrderedCompression(entries, counting, area, 1, 100, 1_500_000, 6, 1024, 1 << 20,
                CHUNK)) {
      for (int taken = 0; taken < entries.size(); taken++) {
        waitUntilQuiet(opened);
        // 600 kB each: two fit in a budget of 1.5 MB, whatever the entry count allows
        assertThat(opened.get()).isLessThanOrEqualTo(taken + 2);
        compression.next().close();
      }
    }
  }

  @Test
  void aFailedEntrySurfacesWhenItsTurnComesWithItsPath() throws IOException {
    List<TreeEntry> entries = entries(10);
    ContentOpener failingFifth = entry -> {
      if (entry.path().equals("f004")) {
        throw new IOException("HTTP 500");
      }
      return new ByteArrayInputStream(content(Integer.parseInt(entry.path().substring(1))));
    };
    try (SpillArea area = new SpillArea(dir);
        OrderedCompression compression =
            new OrderedCompression(entries, failingFifth, area, 3, 6, 1 << 20, 6, 1024, 1 << 20,
                CHUNK)) {
      for (int i = 0; i < 4; i++) {
        compression.next().close();
      }
      assertThatThrownBy(compression::next)
          .isInstanceOf(IOException.class)
          .hasMessage("cannot read 'f004': HTTP 500");
    }
    assertThat(ReproducibleZipArchiverTest.listing(dir)).isEmpty();
  }

  private static void waitUntilQuiet(AtomicInteger counter) {
    int before;
    do {
      before = counter.get();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } while (counter.get() != before);
  }
}
