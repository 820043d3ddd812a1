package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.layerkit.source.bitbucket.BitbucketApiStub;
import io.layerkit.source.bitbucket.RepoTree;

/**
 * A Bitbucket repository on WireMock for {@code bench/coldstart.sh}: two layer packages of
 * {@code files} small Python files each at one commit, shaped like the real API. Prints
 * {@code READY <url>} and serves until stdin closes.
 */
public final class BenchBitbucket {
  static final String COMMIT = "9f2c4e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

  private BenchBitbucket() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort()
        .bindAddress("127.0.0.1").disableRequestJournal());
    server.start();
    BitbucketApiStub api = new BitbucketApiStub(new com.github.tomakehurst.wiremock.client.WireMock(
        "127.0.0.1", server.port()), server.baseUrl(), "acme", "cfct-config");
    RepoTree tree = new RepoTree();
    for (String layer : new String[] {"requests", "tools"}) {
      for (int i = 0; i < files; i++) {
        tree.file("lambda/layers/" + layer + "/python/" + layer + "/module_" + i + ".py",
            ("def f" + i + "(x):\n    return x * " + i + "\n\n").repeat(40));
      }
    }
    api.repository("main");
    api.branch("main", COMMIT);
    api.commit(COMMIT, COMMIT);
    api.tree(COMMIT, tree, 100);
    System.out.println("READY " + server.baseUrl());
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the script closes stdin
    }
    server.stop();
  }
}
