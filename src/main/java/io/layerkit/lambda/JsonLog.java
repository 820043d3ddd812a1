package io.layerkit.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.layerkit.pipeline.LogEvent.Level;
import io.layerkit.message.OneLine;
import io.layerkit.pipeline.LogEvent;
import io.layerkit.pipeline.PackageResult;
import io.layerkit.pipeline.PackageStatus;
import io.layerkit.pipeline.PipelineListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The function's log: one JSON object per line on stdout, which Lambda sends to CloudWatch Logs,
 * with {@code level}, {@code message}, {@code package}, {@code step} and {@code requestId}, so that
 * a metric filter such as {@code { $.level = "ERROR" }} can alarm on failures. Receives the
 * pipeline's log events and adds the handler's own lines. DEBUG events are dropped.
 *
 * <p>Only ever give it ids and one-line messages: never an event, never a credential.
 */
public final class JsonLog implements PipelineListener {

  private final PrintStream out;
  private final JsonFactory factory;
  private final String requestId;

  public JsonLog(PrintStream out, JsonFactory factory, String requestId) {
    this.out = out;
    this.factory = factory;
    this.requestId = requestId;
  }

  @Override
  public void log(LogEvent event) {
    if (event.level() != Level.DEBUG) {
      write(event.level(), event.packageName(), event.step(), event.message());
    }
  }

  /** One line per finished package; failures are already logged by the step that failed. */
  @Override
  public void packageFinished(PackageResult result) {
    if (result.status() == PackageStatus.FAILED) {
      return;
    }
    StringBuilder line = new StringBuilder(result.packageName()).append(' ')
        .append(result.status().label());
    if (result.key() != null) {
      line.append(": ").append(result.key());
    }
    if (result.reason() != null) {
      line.append(" (").append(result.reason()).append(')');
    }
    if (result.layerVersionArn() != null) {
      line.append(", layer ").append(result.layerVersionArn());
    }
    write(Level.INFO, result.packageName(), "report", line.toString());
  }

  public void info(String step, String message) {
    write(Level.INFO, null, step, message);
  }

  public void warn(String step, String message) {
    write(Level.WARN, null, step, message);
  }

  public void error(String step, String message) {
    write(Level.ERROR, null, step, message);
  }

  /** Writes one line. Thread-safe: the pipeline logs from its worker threads. */
  public void write(Level level, String packageName, String step, String message) {
    StringWriter buffer = new StringWriter(128);
    try (JsonGenerator line = factory.createGenerator(buffer)) {
      line.writeStartObject();
      line.writeStringField("level", level.name());
      line.writeStringField("message", OneLine.flatten(message));
      if (packageName != null) {
        line.writeStringField("package", packageName);
      }
      if (step != null) {
        line.writeStringField("step", step);
      }
      line.writeStringField("requestId", requestId);
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot format a log line", e);
    }
    synchronized (out) {
      out.println(buffer);
      out.flush();
    }
  }
}
