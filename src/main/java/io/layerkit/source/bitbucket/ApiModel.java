package io.layerkit.source.bitbucket;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.json.JsonMappers;
import java.util.List;

/**
 * The parts of Bitbucket Cloud 2.0 JSON answers that the source reads. Unknown fields are
 * ignored (the API adds fields freely); {@code attributes} is read as a list even where the
 * schema calls it a single enum value, because real answers carry an array.
 */
final class ApiModel {
  private ApiModel() {}

  static final ObjectMapper JSON = JsonMappers.tolerant();

  /** {@code GET /2.0/repositories/{ws}/{repo}}: only the default branch matters. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Repository(Branch mainbranch) {}

  /** {@code mainbranch}, or a branch/tag from {@code refs/branches/{name}} / {@code refs/tags/{name}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Branch(String name, CommitRef target) {}

  /** A commit reference: {@code commit/{rev}} answers, {@code target}, {@code values[].commit}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CommitRef(String hash) {}

  /** One page of a {@code src} folder listing; {@code next} is absent on the last page. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SrcPage(List<SrcItem> values, String next, String type) {}

  /**
   * A {@code commit_directory} or {@code commit_file}. {@code path} is absolute from the
   * repository root; {@code size} and {@code attributes} only come with files.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SrcItem(String type, String path, List<String> attributes, Long size, CommitRef commit) {

    boolean has(String attribute) {
      return attributes != null && attributes.contains(attribute);
    }
  }

  /** One page of a diffstat. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record DiffstatPage(List<Diffstat> values, String next) {}

  /** One changed path; {@code old} is absent for added files, {@code new} for removed ones. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Diffstat(String status, PathRef old, @JsonProperty("new") PathRef current) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record PathRef(String path) {}

  /** The error envelope: {@code {"type": "error", "error": {"message": ..., "detail": ...}}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorEnvelope(String type, ErrorBody error) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorBody(String message, Object detail) {}
}
