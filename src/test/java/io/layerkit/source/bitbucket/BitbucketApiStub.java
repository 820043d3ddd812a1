package io.layerkit.source.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Registers WireMock stubs that answer like Bitbucket Cloud's 2.0 API for one repository: the
 * repository object, refs, commits, {@code src} listings (paged with opaque {@code next} tokens)
 * and raw file bytes. Bodies carry the same fields as the real payloads in
 * {@code src/test/resources/bitbucket/}.
 */
public final class BitbucketApiStub {
  static final ObjectMapper JSON = new ObjectMapper();

  private final WireMock wireMock;
  private final String baseUrl;
  private final String workspace;
  private final String repo;
  private final Random random = new Random(42);
  private long fixedDelayMillis;
  private Optional<RateLimitHeaders> rateLimitHeaders = Optional.empty();

  /** The three rate-limit headers Bitbucket sends to access tokens on repository endpoints. */
  record RateLimitHeaders(long limit, String resource, boolean nearLimit) {}

  public BitbucketApiStub(WireMock wireMock, String baseUrl, String workspace, String repo) {
    this.wireMock = wireMock;
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.workspace = workspace;
    this.repo = repo;
  }

  /** Every answer registered from now on is delayed this much (the bench's latency). */
  public BitbucketApiStub withFixedDelay(long millis) {
    this.fixedDelayMillis = millis;
    return this;
  }

  /**
   * Every answer registered from now on carries Bitbucket's rate-limit headers, as answers to an
   * access token's requests do.
   */
  public BitbucketApiStub withRateLimitHeaders(long limit, boolean nearLimit) {
    this.rateLimitHeaders = Optional.of(new RateLimitHeaders(limit, "api", nearLimit));
    return this;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** {@code /2.0/repositories/ws/repo} as requested, no host. */
  String repoPath() {
    return "/2.0/repositories/" + PathEncoding.segment(workspace) + "/" + PathEncoding.segment(repo);
  }

  public void repository(String mainBranch) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "repository");
    body.put("full_name", workspace + "/" + repo);
    ObjectNode links = body.putObject("links");
    links.putObject("self").put("href", baseUrl + repoPath());
    links.putObject("html").put("href", "https://bitbucket.org/" + workspace + "/" + repo);
    body.put("name", repo);
    body.put("slug", repo);
    body.put("description", "");
    body.put("scm", "git");
    body.put("is_private", true);
    body.put("uuid", "{2a47ac11-098a-4054-8496-193754cae14b}");
    ObjectNode main = body.putObject("mainbranch");
    main.put("type", "branch");
    main.put("name", mainBranch);
    body.put("language", "");
    body.put("fork_policy", "no_public_forks");
    body.put("created_on", "2018-06-28T15:29:14.763457+00:00");
    body.put("updated_on", "2026-11-20T08:36:27.991707+00:00");
    stub(get(urlEqualTo(repoPath())), json(200, body));
  }

  public void branch(String name, String commit) {
    stub(get(urlEqualTo(repoPath() + "/refs/branches/" + PathEncoding.segment(name))),
        json(200, refObject("branch", name, commit)));
  }

  public void tag(String name, String commit) {
    stub(get(urlEqualTo(repoPath() + "/refs/tags/" + PathEncoding.segment(name))),
        json(200, refObject("tag", name, commit)));
  }

  public void commit(String revision, String commit) {
    ObjectNode body = commitObject(commit);
    body.put("date", "2026-11-20T08:36:27+00:00");
    body.put("message", "Update layer packages\n");
    body.putArray("parents");
    stub(get(urlEqualTo(repoPath() + "/commit/" + PathEncoding.segment(revision))),
        json(200, body));
  }

  /** A 404 with Bitbucket's error envelope for any GET of {@code path} (exact URL). */
  void notFound(String url, String message) {
    stub(get(urlEqualTo(url)), error(404, message));
  }

  /**
   * Listings of every folder of {@code tree} at {@code commit}, for {@code ?pagelen=100} (pages of
   * {@code pageSize}, at most 100), for {@code ?pagelen=100&max_depth=}{@value
   * BitbucketSettings#DEFAULT_LISTING_DEPTH} (the same pages, the subtree breadth first) and for
   * no pagelen (pages of 10, the API default), plus raw bytes of every file.
   */
  public void tree(String commit, RepoTree tree, int pageSize) {
    for (String dir : tree.directories()) {
      listing(commit, tree, dir, 1, Math.min(pageSize, 100));
      listing(commit, tree, dir, BitbucketSettings.DEFAULT_LISTING_DEPTH, Math.min(pageSize, 100));
      listing(commit, tree, dir, "", 1, 10);
    }
    for (var blob : tree.blobs().entrySet()) {
      rawFile(commit, blob.getKey(), blob.getValue().content());
    }
  }

  /**
   * One folder's listing pages, {@code depth} levels deep, as a client with {@code pagelen=100}
   * asks for them.
   */
  void listing(String commit, RepoTree tree, String dir, int depth, int pageSize) {
    listing(commit, tree, dir, query(depth), depth, pageSize);
  }

  /** One folder's listing pages for the given query (the first page's URL ends with it). */
  void listing(String commit, RepoTree tree, String dir, String firstQuery, int depth,
      int pageSize) {
    String folderUrl = srcUrl(commit, dir.isEmpty() ? "" : PathEncoding.path(dir) + "/");
    List<ObjectNode> values = listingValues(commit, tree, dir, depth);
    String query = firstQuery;
    int pages = Math.max(1, (values.size() + pageSize - 1) / pageSize);
    for (int page = 0; page < pages; page++) {
      String next = null;
      if (page + 1 < pages) {
        String token = opaqueToken();
        next = (firstQuery.isEmpty() ? "?page=" : firstQuery + "&page=") + token;
      }
      stub(get(urlEqualTo(folderUrl + query)), json(200, page(pageSize,
          values.subList(page * pageSize, Math.min(values.size(), (page + 1) * pageSize)),
          page + 1, next == null ? null : baseUrl + folderUrl + next)));
      query = next;
    }
  }

  /** The values of a listing {@code depth} levels deep: the subtree, breadth first. */
  List<ObjectNode> listingValues(String commit, RepoTree tree, String dir, int depth) {
    List<ObjectNode> values = new ArrayList<>();
    for (String child : tree.breadthFirst(dir, depth)) {
      values.add(child.endsWith("/")
          ? directoryValue(commit, child.substring(0, child.length() - 1))
          : fileValue(commit, child, tree.blob(child)));
    }
    return values;
  }

  /** Raw bytes of one file: what {@code GET src/{commit}/{path}} answers. */
  void rawFile(String commit, String path, byte[] content) {
    stub(get(urlEqualTo(srcUrl(commit, PathEncoding.path(path)))), raw(content, path));
  }

  /** The request path of a file's raw content. */
  String rawUrl(String commit, String path) {
    return srcUrl(commit, PathEncoding.path(path));
  }

  /** The request path (and query) of the first listing page a source with defaults asks for. */
  String folderUrl(String commit, String dir) {
    return folderUrl(commit, dir, BitbucketSettings.DEFAULT_LISTING_DEPTH);
  }

  /** The request path (and query) of a listing's first page, {@code depth} levels deep. */
  String folderUrl(String commit, String dir, int depth) {
    return srcUrl(commit, dir.isEmpty() ? "" : PathEncoding.path(dir) + "/") + query(depth);
  }

  /** What a source asks with: {@code max_depth} only above one level, which is the default. */
  static String query(int depth) {
    return "?pagelen=100" + (depth > 1 ? "&max_depth=" + depth : "");
  }

  String srcUrl(String commit, String encodedPath) {
    return repoPath() + "/src/" + commit + "/" + encodedPath;
  }

  /** A raw-file answer as Bitbucket sends it. */
  ResponseDefinitionBuilder raw(byte[] content, String path) {
    ResponseDefinitionBuilder response = aResponse().withStatus(200)
        .withHeader("Content-Type", mimeType(path) == null ? "application/octet-stream"
            : mimeType(path))
        .withHeader("Content-Disposition", "attachment; filename=\"" + name(path) + "\"")
        .withHeader("ETag", "\"" + sha1(content) + "\"")
        .withHeader("Content-Length", String.valueOf(content.length))
        .withBody(content);
    return served(response);
  }

  ResponseDefinitionBuilder json(int status, Object body) {
    try {
      return served(aResponse().withStatus(status)
          .withHeader("Content-Type", "application/json; charset=utf-8")
          .withBody(JSON.writeValueAsBytes(body)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  ResponseDefinitionBuilder error(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "error");
    body.putObject("error").put("message", message);
    return json(status, body);
  }

  ObjectNode page(int pagelen, List<? extends com.fasterxml.jackson.databind.JsonNode> values,
      int page, String next) {
    ObjectNode body = JSON.createObjectNode();
    body.put("pagelen", pagelen);
    ArrayNode array = body.putArray("values");
    values.forEach(array::add);
    body.put("page", page);
    if (next != null) {
      body.put("next", next);
    }
    return body;
  }

  ObjectNode fileValue(String commit, String path, RepoTree.Blob blob) {
    ObjectNode value = JSON.createObjectNode();
    value.put("path", path);
    value.set("commit", commitObject(commit));
    value.put("type", "commit_file");
    ArrayNode attributes = value.putArray("attributes");
    blob.attributes().forEach(attributes::add);
    value.put("escaped_path", path);
    value.put("size", blob.size());
    value.put("mimetype", mimeType(path));
    ObjectNode links = value.putObject("links");
    String encoded = PathEncoding.path(path);
    links.putObject("self").put("href", baseUrl + srcUrl(commit, encoded));
    links.putObject("meta").put("href", baseUrl + srcUrl(commit, encoded) + "?format=meta");
    links.putObject("history").put("href",
        baseUrl + repoPath() + "/filehistory/" + commit + "/" + encoded);
    return value;
  }

  ObjectNode directoryValue(String commit, String path) {
    ObjectNode value = JSON.createObjectNode();
    value.put("path", path);
    value.put("type", "commit_directory");
    ObjectNode links = value.putObject("links");
    String self = baseUrl + srcUrl(commit, PathEncoding.path(path) + "/");
    links.putObject("self").put("href", self);
    links.putObject("meta").put("href", self + "?format=meta");
    value.set("commit", commitObject(commit));
    return value;
  }

  ObjectNode commitObject(String commit) {
    ObjectNode value = JSON.createObjectNode();
    value.put("type", "commit");
    value.put("hash", commit);
    ObjectNode links = value.putObject("links");
    links.putObject("self").put("href", baseUrl + repoPath() + "/commit/" + commit);
    links.putObject("html").put("href",
        "https://bitbucket.org/" + workspace + "/" + repo + "/commits/" + commit);
    return value;
  }

  void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
    wireMock.register(request.willReturn(response));
  }

  /** A {@code refs/branches/{name}} or {@code refs/tags/{name}} answer. */
  ObjectNode refObject(String type, String name, String commit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    ObjectNode links = body.putObject("links");
    links.putObject("commits").put("href", baseUrl + repoPath() + "/commits/" + name);
    links.putObject("self").put("href",
        baseUrl + repoPath() + "/refs/" + (type.equals("tag") ? "tags/" : "branches/")
            + PathEncoding.segment(name));
    links.putObject("html").put("href",
        "https://bitbucket.org/" + workspace + "/" + repo + "/branch/" + name);
    if (type.equals("branch")) {
      body.put("default_merge_strategy", "squash");
      body.putArray("merge_strategies").add("merge_commit").add("squash").add("fast_forward");
    }
    body.put("type", type);
    ObjectNode target = commitObject(commit);
    target.put("date", "2026-11-20T08:36:27+00:00");
    target.put("message", "Update layer packages\n");
    target.putArray("parents");
    body.set("target", target);
    return body;
  }

  /** The latency and rate-limit headers this stub adds to every answer. */
  ResponseDefinitionBuilder served(ResponseDefinitionBuilder response) {
    rateLimitHeaders.ifPresent(headers -> response
        .withHeader("X-RateLimit-Limit", String.valueOf(headers.limit()))
        .withHeader("X-RateLimit-Resource", headers.resource())
        .withHeader("X-RateLimit-NearLimit", String.valueOf(headers.nearLimit())));
    return fixedDelayMillis > 0 ? response.withFixedDelay((int) fixedDelayMillis) : response;
  }

  private String opaqueToken() {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String mimeType(String path) {
    if (path.endsWith(".py")) {
      return "text/x-python";
    }
    if (path.endsWith(".txt") || path.endsWith(".md")) {
      return "text/plain";
    }
    if (path.endsWith(".json")) {
      return "application/json";
    }
    return null;
  }

  static String sha1(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
