package io.layerkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Containers of the function for tests, each a new handler with its own runtime as Lambda starts
 * them, all writing their JSON log lines to one log; closing it closes their runtimes.
 */
final class FunctionContainers implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final List<FunctionRuntime> runtimes = new ArrayList<>();

  /** A fresh container configured by {@code variables}, writing to the log. */
  LayerkitHandler start(Map<String, String> variables) {
    return start(variables, new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  /** A fresh container configured by {@code variables}, writing its log lines to {@code logOut}. */
  LayerkitHandler start(Map<String, String> variables, PrintStream logOut) {
    FunctionRuntime runtime = FunctionRuntime.forProcess(variables, JSON);
    runtimes.add(runtime);
    return new LayerkitHandler(runtime, logOut);
  }

  /** The log, but the first line containing {@code fragment} throws {@code error} instead. */
  PrintStream logThrowingAt(String fragment, Error error) {
    return new PrintStream(logs, true, StandardCharsets.UTF_8) {
      private boolean thrown;

      @Override
      public void print(String line) {
        if (!thrown && line.contains(fragment)) {
          thrown = true;
          throw error;
        }
        super.print(line);
      }
    };
  }

  /** The handler's response to {@code event}. */
  JsonNode invoke(LayerkitHandler handler, byte[] event, InvocationContext context)
      throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), response, context);
    return JSON.readTree(response.toByteArray());
  }

  String logText() {
    return logs.toString(StandardCharsets.UTF_8);
  }

  List<JsonNode> logLines() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : logText().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  @Override
  public void close() {
    runtimes.forEach(FunctionRuntime::close);
  }
}
