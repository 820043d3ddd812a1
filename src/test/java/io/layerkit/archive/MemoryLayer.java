package io.layerkit.archive;

import io.layerkit.tree.PackageTree;
import io.layerkit.tree.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A package held in memory for tests: its tree and a {@link ContentOpener} serving the bytes. */
final class MemoryLayer {
  private final List<TreeEntry> entries = new ArrayList<>();
  private final Map<String, byte[]> contents = new LinkedHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();

  MemoryLayer file(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8), false);
  }

  MemoryLayer executable(String path, String text) {
    return file(path, text.getBytes(StandardCharsets.UTF_8), true);
  }

  MemoryLayer file(String path, byte[] bytes, boolean executable) {
    entries.add(TreeEntry.file(path, bytes.length, executable));
    contents.put(path, bytes);
    return this;
  }

  MemoryLayer link(String path, String target) {
    byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
    entries.add(TreeEntry.symlink(path, bytes.length));
    contents.put(path, bytes);
    return this;
  }

  MemoryLayer directory(String path) {
    entries.add(TreeEntry.directory(path));
    return this;
  }

  PackageTree tree() {
    return PackageTree.of("layers/test", entries);
  }

  byte[] content(String path) {
    return contents.get(path);
  }

  Map<String, byte[]> contents() {
    return contents;
  }

  int timesOpened() {
    return opened.get();
  }

  ContentOpener opener() {
    return entry -> {
      byte[] bytes = contents.get(entry.path());
      if (bytes == null) {
        throw new IOException("no content for " + entry.path());
      }
      opened.incrementAndGet();
      return new ByteArrayInputStream(bytes);
    };
  }
}
