package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.digest.Sha256;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a CodePipeline job still has to do when one invocation runs out of time: the commit every
 * package is built from, and which packages are left or have failed. CodePipeline hands the token
 * back on the next invocation of the same job.
 *
 * <p>Packages are named by their index in the job's package list, not by path, so that even a
 * long list fits the API's 2,048 characters; {@code packageSet} (a digest of that list) makes sure
 * the indexes still mean the same packages when the function is redeployed mid-job.
 *
 * @param commit the pinned commit id
 * @param packageSet digest of the ordered package folder list
 * @param todo indexes of packages not yet started
 * @param failed indexes of packages that failed in an earlier invocation
 */
public record ContinuationToken(String commit, String packageSet, List<Integer> todo,
    List<Integer> failed) {

  /** PutJobSuccessResult's limit on {@code continuationToken}. */
  public static final int MAX_LENGTH = 2048;

  private static final int VERSION = 1;
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  public ContinuationToken {
    todo = List.copyOf(todo);
    failed = List.copyOf(failed);
  }

  /** The digest {@code packageSet} holds for a package folder list. */
  public static String packageSetOf(List<String> packagePaths) {
    return Sha256.ofLines(packagePaths).substring(0, 16);
  }

  /**
   * The token's text.
   *
   * @throws IllegalStateException when it would exceed {@link #MAX_LENGTH}, which only a list of
   *     several hundred packages can reach
   */
  public String encode(ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("v", VERSION);
    root.put("commit", commit);
    root.put("set", packageSet);
    ArrayNode todoNode = root.putArray("todo");
    todo.forEach(todoNode::add);
    ArrayNode failedNode = root.putArray("failed");
    failed.forEach(failedNode::add);
    String text = root.toString();
    if (text.length() > MAX_LENGTH) {
      throw new IllegalStateException("the continuation token for " + todo.size()
          + " remaining packages exceeds CodePipeline's " + MAX_LENGTH + " characters");
    }
    return text;
  }

  /**
   * Reads a token this function wrote.
   *
   * @param packagePaths the job's package folder list, which the token's indexes point into
   * @throws EventException when the token is not one of ours or does not fit the package list
   */
  public static ContinuationToken decode(String text, ObjectMapper json, List<String> packagePaths) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (IOException e) {
      throw new EventException("the job's continuation token is not one this function wrote");
    }
    if (root == null || !root.isObject() || root.path("v").asInt() != VERSION
        || !root.path("commit").isTextual() || !COMMIT.matcher(root.path("commit").asText()).matches()
        || !root.path("set").isTextual() || !root.path("todo").isArray()
        || !root.path("failed").isArray()) {
      throw new EventException("the job's continuation token is not one this function wrote");
    }
    if (!root.path("set").asText().equals(packageSetOf(packagePaths))) {
      throw new EventException("the package list changed while the job was running (the function "
          + "was reconfigured between invocations): retry the pipeline stage");
    }
    return new ContinuationToken(root.path("commit").asText(), root.path("set").asText(),
        indexes(root.path("todo"), packagePaths.size()),
        indexes(root.path("failed"), packagePaths.size()));
  }

  private static List<Integer> indexes(JsonNode array, int bound) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode item : array) {
      if (!item.isInt() || item.asInt() < 0 || item.asInt() >= bound || out.contains(item.asInt())) {
        throw new EventException("the job's continuation token is not one this function wrote");
      }
      out.add(item.asInt());
    }
    return out;
  }
}
