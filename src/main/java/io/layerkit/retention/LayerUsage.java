package io.layerkit.retention;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Who uses which layer versions: the functions of an account, or those an aggregator sees. */
public interface LayerUsage {

  /** What is asked, e.g. {@code functions in us-east-1}. */
  String describe();

  /** The reason a version in use here is kept. */
  KeepReason reason();

  /**
   * Every layer version in use, of any layer: version ARN to the functions using it, read once
   * and then served from memory (one prune asks for many packages).
   */
  Map<String, List<String>> users() throws IOException;

  /**
   * The versions of {@code layerName} in use: version ARN to the functions using it. Versions
   * nobody uses are absent.
   */
  default Map<String, List<String>> usersOf(String layerName) throws IOException {
    Map<String, List<String>> users = new TreeMap<>();
    users().forEach((arn, functions) -> {
      if (LayerArns.isVersionOf(arn, layerName)) {
        users.put(arn, functions);
      }
    });
    return users;
  }
}
