package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One Bitbucket Cloud repository on WireMock, answering the REST 2.0 requests a source makes with
 * bodies shaped like Atlassian's documented examples ({@code ../shared/fixtures/bitbucket}):
 * {@code refs/branches/{name}}, {@code commit/{hash}}, {@code src/{commit}/{folder}/} listings of
 * {@code commit_directory} / {@code commit_file} values, raw file content, and {@code diffstat}.
 * Every answer requires {@code Authorization: Bearer <token>}; anything else gets Bitbucket's 401.
 */
final class BitbucketOnWireMock {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A file as Bitbucket lists it; {@code size} may claim more than {@code content} holds. */
  record Blob(byte[] content, long size, List<String> attributes) {}

  private final WireMockExtension wireMock;
  private final String workspace;
  private final String repository;
  private final String token;
  private final Map<String, Blob> files = new TreeMap<>();

  BitbucketOnWireMock(WireMockExtension wireMock, String workspace, String repository, String token) {
    this.wireMock = wireMock;
    this.workspace = workspace;
    this.repository = repository;
    this.token = token;
  }

  String apiUrl() {
    return wireMock.baseUrl();
  }

  BitbucketOnWireMock file(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    files.put(path, new Blob(bytes, bytes.length, List.of()));
    return this;
  }

  BitbucketOnWireMock executable(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    files.put(path, new Blob(bytes, bytes.length, List.of("executable")));
    return this;
  }

  /** A file listed with {@code size} bytes; its content is never served (a check stops first). */
  BitbucketOnWireMock hugeFile(String path, long size) {
    files.put(path, new Blob(new byte[0], size, List.of()));
    return this;
  }

  /** Publishes the files as {@code commit} on {@code branch}. */
  void publish(String branch, String commit) {
    wireMock.stubFor(get(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"type\": \"error\", \"error\": {\"message\": "
            + "\"Token is invalid, expired, or not supported for this endpoint.\"}}")));
    answer(urlEqualTo(base() + "/refs/branches/" + branch), branchBody(branch, commit));
    answer(urlEqualTo(base() + "/commit/" + commit), commitBody(commit).toString());
    for (String folder : folders()) {
      String path = folder.isEmpty() ? "" : folder + "/";
      answer(urlEqualTo(base() + "/src/" + commit + "/" + path + "?pagelen=100"),
          listing(commit, folder));
    }
    files.forEach((path, blob) -> wireMock.stubFor(get(urlEqualTo(base() + "/src/" + commit + "/" + path))
        .atPriority(5)
        .withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
            .withBody(blob.content()))));
    // Nothing changed between any two commits of this repository as far as diffstat goes.
    wireMock.stubFor(get(urlPathEqualTo(base() + "/diffstat/" + commit + ".." + commit))
        .atPriority(5)
        .withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(json("{\"pagelen\": 500, \"values\": [], \"page\": 1, \"size\": 0}")));
  }

  /** Requests that reached the API, by URL. */
  List<String> requestedUrls() {
    return wireMock.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
  }

  private String base() {
    return "/2.0/repositories/" + workspace + "/" + repository;
  }

  private void answer(com.github.tomakehurst.wiremock.matching.UrlPattern url, String body) {
    wireMock.stubFor(get(url).atPriority(5)
        .withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(json(body)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  private TreeSet<String> folders() {
    TreeSet<String> folders = new TreeSet<>();
    folders.add("");
    for (String path : files.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        folders.add(path.substring(0, slash));
      }
    }
    return folders;
  }

  private String listing(String commit, String folder) {
    ObjectNode page = JSON.createObjectNode();
    page.put("pagelen", 100);
    ArrayNode values = page.putArray("values");
    String prefix = folder.isEmpty() ? "" : folder + "/";
    List<String> children = new ArrayList<>();
    for (String sub : folders()) {
      if (!sub.isEmpty() && sub.startsWith(prefix) && sub.indexOf('/', prefix.length()) < 0) {
        children.add(sub);
      }
    }
    for (String dir : children) {
      ObjectNode value = values.addObject();
      value.put("path", dir);
      value.put("type", "commit_directory");
      value.set("links", links(commit, dir + "/"));
      value.set("commit", commitBody(commit));
    }
    files.forEach((path, blob) -> {
      if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
        ObjectNode value = values.addObject();
        value.set("links", links(commit, path));
        value.put("path", path);
        value.set("commit", commitBody(commit));
        ArrayNode attributes = value.putArray("attributes");
        blob.attributes().forEach(attributes::add);
        value.put("type", "commit_file");
        value.put("size", blob.size());
      }
    });
    page.put("page", 1);
    page.put("size", values.size());
    return page.toString();
  }

  private ObjectNode links(String commit, String path) {
    String self = apiUrl() + base() + "/src/" + commit + "/" + path;
    ObjectNode links = JSON.createObjectNode();
    links.putObject("self").put("href", self);
    links.putObject("meta").put("href", self + "?format=meta");
    return links;
  }

  private ObjectNode commitBody(String commit) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "commit");
    node.put("hash", commit);
    ObjectNode links = node.putObject("links");
    links.putObject("self").put("href", apiUrl() + base() + "/commit/" + commit);
    links.putObject("html").put("href",
        "https://bitbucket.org/" + workspace + "/" + repository + "/commits/" + commit);
    return node;
  }

  private String branchBody(String branch, String commit) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", branch);
    ObjectNode links = node.putObject("links");
    links.putObject("self").put("href", apiUrl() + base() + "/refs/branches/" + branch);
    links.putObject("html").put("href",
        "https://bitbucket.org/" + workspace + "/" + repository + "/branch/" + branch);
    node.put("type", "branch");
    ObjectNode target = commitBody(commit);
    ObjectNode repo = target.putObject("repository");
    repo.put("type", "repository");
    repo.put("name", repository);
    repo.put("full_name", workspace + "/" + repository);
    node.set("target", target);
    return node.toString();
  }
}
