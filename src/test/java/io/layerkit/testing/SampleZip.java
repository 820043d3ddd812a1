package io.layerkit.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small real layer zip ({@code python/<module>.py}) written by {@code java.util.zip}, with its
 * SHA-256, for tests that store or publish a layer.
 *
 * @param file the zip
 * @param sha256 lowercase hex SHA-256 of the file
 * @param size bytes
 */
public record SampleZip(Path file, String sha256, long size) {

  /** Writes {@code <dir>/<fileName>} holding one module whose source is {@code content}. */
  public static SampleZip write(Path dir, String fileName, String content) throws IOException {
    Path file = dir.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      ZipEntry entry = new ZipEntry("python/module.py");
      entry.setTime(315532800000L);
      zip.putNextEntry(entry);
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return new SampleZip(file, sha256Hex(Files.readAllBytes(file)), Files.size(file));
  }

  /** The SHA-256 as S3 checksums and Lambda's CodeSha256 show it. */
  public String base64Sha256() {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
