package io.layerkit.retention;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Who uses which layer versions: the functions of an account, or those an aggregator sees. */
public interface LayerUsage {

  /** What is asked, e.g. {@code functions in us-east-1}. */
  String describe();

  /** The reason a version in use here is kept. */
  KeepReason reason();

  /**
   * The versions of {@code layerName} in use: version ARN to the functions using it. Versions
   * nobody uses are absent.
   */
  Map<String, List<String>> usersOf(String layerName) throws IOException;
}
