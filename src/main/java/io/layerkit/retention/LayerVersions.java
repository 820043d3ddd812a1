package io.layerkit.retention;

import java.io.IOException;
import java.util.List;

/** The layer versions of one region: what retention reads and deletes. */
public interface LayerVersions {

  /** The region these versions live in. */
  String region();

  /** Every version of the layer (all pages), newest first; empty when the layer has none. */
  List<LayerVersionInfo> list(String layerName) throws IOException;

  /**
   * The lowercase hex SHA-256 of the zip the version was made from (Lambda's CodeSha256): what
   * links a version to the stored zip with the same SHA-256.
   */
  String codeSha256(String layerName, long version) throws IOException;

  /** Deletes the version (and with it its grants); a version already gone is no error. */
  void delete(String layerName, long version) throws IOException;
}
