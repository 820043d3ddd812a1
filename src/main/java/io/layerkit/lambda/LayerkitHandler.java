package io.layerkit.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.app.LayerkitVersion;
import io.layerkit.json.JsonMappers;
import io.layerkit.pipeline.Builder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * layerkit's AWS Lambda entry point ({@code io.layerkit.lambda.LayerkitHandler::handleRequest}).
 * Thin: recognise the event, run the same pipeline the CLI runs, report, and answer with the same
 * JSON report as {@code layerkit publish --json}.
 *
 * <ul>
 *   <li>CodePipeline job: always ends with PutJobSuccessResult or PutJobFailureResult (see
 *       {@link CodePipelineJobRun}); the response carries the job's outcome.
 *   <li>EventBridge pipeline STARTED, scheduled event, direct invocation: see {@link EventRun}.
 *   <li>The fan-out state machine's resolve, item and aggregate tasks: see
 *       {@link FanOutResolveRun}, {@link FanOutItemRun}, {@link FanOutAggregateRun}.
 *   <li>Anything else, or a configuration error outside a job: one JSON log line, then the
 *       invocation fails with that line as its error message, so Lambda's error metric and
 *       retries see it.
 * </ul>
 *
 * <p>Lambda creates one handler per container and reuses it: the mapper, the parser and the
 * {@link FunctionRuntime} (with the AWS clients) live as long as the container.
 */
public final class LayerkitHandler implements RequestStreamHandler {

  static final ObjectMapper JSON = JsonMappers.plain();

  private final FunctionRuntime runtime;
  private final EventParser parser;
  private final PrintStream logOut;

  /** What Lambda calls, once per container: the process environment, clients primed. */
  public LayerkitHandler() {
    this(FunctionRuntime.forProcess(System.getenv(), JSON), System.out);
    runtime.prime();
  }

  LayerkitHandler(FunctionRuntime runtime, PrintStream logOut) {
    this.runtime = runtime;
    this.parser = new EventParser(runtime.json());
    this.logOut = logOut;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String requestId = context.getAwsRequestId();
    JsonLog log = new JsonLog(logOut, runtime.json().getFactory(), requestId);
    TimeBudget budget = new TimeBudget(context::getRemainingTimeInMillis, TimeBudget.DEFAULT_RESERVE);
    ObjectNode response;
    try {
      LambdaEvent event = parser.parse(input.readAllBytes());
      log.info("event", event.describe());
      response = handle(event, log, requestId, budget,
          Builder.function(context.getInvokedFunctionArn(), LayerkitVersion.current(), requestId));
    } catch (IOException | RuntimeException e) {
      String message = AwsErrorLine.of(e);
      log.error("invocation", message);
      throw new LayerkitFunctionException(message, e);
    }
    output.write(runtime.json().writeValueAsBytes(response));
    output.flush();
  }

  private ObjectNode handle(LambdaEvent event, JsonLog log, String requestId, TimeBudget budget,
      Builder builder) throws IOException {
    if (event instanceof LambdaEvent.CodePipelineJob job) {
      return new CodePipelineJobRun(runtime, log, requestId, budget, builder).handle(job);
    }
    if (event instanceof LambdaEvent.FanOutResolve resolve) {
      return new FanOutResolveRun(runtime, log, requestId, budget).handle(resolve);
    }
    if (event instanceof LambdaEvent.FanOutItem item) {
      return new FanOutItemRun(runtime, log, budget, builder).handle(item);
    }
    if (event instanceof LambdaEvent.FanOutAggregate aggregate) {
      return new FanOutAggregateRun(runtime, log, requestId).handle(aggregate);
    }
    EventRun run = new EventRun(runtime, log, requestId, budget, builder);
    if (event instanceof LambdaEvent.PipelineExecutionStarted started) {
      return run.pipelineStarted(started);
    }
    if (event instanceof LambdaEvent.Scheduled scheduled) {
      return run.scheduled(scheduled);
    }
    return run.direct((LambdaEvent.DirectInvocation) event);
  }
}
