package io.layerkit.source.bitbucket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bitbucket Cloud's API for one repository tree at one commit, computed per request instead of
 * registered as one stub per page and file: a WireMock extension (and the answers of
 * {@link BenchApiServer}) for benches whose trees would need thousands of stubs (WireMock matches
 * a request against every stub in turn, which would make the server the bottleneck). Serves the
 * branch, {@code src} listings of any folder at any {@code pagelen} and {@code max_depth}
 * (breadth first, opaque {@code next} tokens) and raw file bytes, with the same bodies and headers
 * as {@link BitbucketApiStub}. Answers are cached by URL.
 */
final class BitbucketTreeResponder implements ResponseDefinitionTransformerV2 {
  static final String NAME = "bitbucket-tree";

  private final BitbucketApiStub shapes;
  private final RepoTree tree;
  private final String commit;
  private final String branch;
  private final Map<String, ResponseDefinition> answers = new ConcurrentHashMap<>();
  private final Map<String, List<ObjectNode>> listings = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Integer> pagesByToken = new ConcurrentHashMap<>();

  /**
   * @param shapes builds the bodies and headers; its WireMock client is not used
   */
  BitbucketTreeResponder(BitbucketApiStub shapes, RepoTree tree, String branch, String commit) {
    this.shapes = shapes;
    this.tree = tree;
    this.branch = branch;
    this.commit = commit;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    return answerFor(serveEvent.getRequest().getUrl());
  }

  /** The answer to a GET of {@code url} (path and query, no host). */
  ResponseDefinition answerFor(String url) {
    return answers.computeIfAbsent(url, this::answer);
  }

  private ResponseDefinition answer(String url) {
    URI uri = URI.create(url);
    String path = uri.getPath();
    String repo = shapes.repoPath();
    if (path.equals(repo + "/refs/branches/" + branch)) {
      return shapes.json(200, shapes.refObject("branch", branch, commit)).build();
    }
    String src = repo + "/src/" + commit + "/";
    if (!path.startsWith(src)) {
      return shapes.error(404, "Resource not found").build();
    }
    String inRepo = path.substring(src.length());
    if (inRepo.isEmpty() || inRepo.endsWith("/")) {
      String dir = inRepo.isEmpty() ? "" : inRepo.substring(0, inRepo.length() - 1);
      return tree.directories().contains(dir) ? listingPage(uri, dir)
          : shapes.error(404, "No such file or directory: " + dir).build();
    }
    RepoTree.Blob blob = tree.blob(inRepo);
    return blob == null ? shapes.error(404, "No such file or directory: " + inRepo).build()
        : shapes.raw(blob.content(), inRepo).build();
  }

  private ResponseDefinition listingPage(URI uri, String dir) {
    int pagelen = Math.min(100, parameter(uri, "pagelen").map(Integer::parseInt).orElse(10));
    int depth = parameter(uri, "max_depth").map(Integer::parseInt).orElse(1);
    int page = parameter(uri, "page").map(token -> pagesByToken.getOrDefault(token, -1))
        .orElse(0);
    if (page < 0) {
      return shapes.error(400, "Invalid page").build();
    }
    List<ObjectNode> values = listings.computeIfAbsent(dir + "|" + depth,
        key -> shapes.listingValues(commit, tree, dir, depth));
    int from = page * pagelen;
    int to = Math.min(values.size(), from + pagelen);
    String next = null;
    if (to < values.size()) {
      String query = "?pagelen=" + pagelen + (depth > 1 ? "&max_depth=" + depth : "")
          + "&page=" + token(dir + "|" + depth + "|" + pagelen + "|" + (page + 1), page + 1);
      next = shapes.baseUrl() + uri.getRawPath() + query;
    }
    return shapes.json(200, shapes.page(pagelen, values.subList(Math.min(from, to), to),
        page + 1, next)).build();
  }

  /** The same opaque token for the same page, every time. */
  private String token(String key, int page) {
    return tokens.computeIfAbsent(key, unused -> {
      String token = Integer.toHexString(key.hashCode()) + "x" + Integer.toString(page, 36);
      pagesByToken.put(token, page);
      return token;
    });
  }

  private static Optional<String> parameter(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equals(name)) {
        return Optional.of(pair.substring(equals + 1));
      }
    }
    return Optional.empty();
  }
}
