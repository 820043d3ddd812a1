package io.layerkit.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The Lambda runtime's per-invocation {@link Context} for tests: a request id and a remaining
 * time, the only two things the handler reads.
 */
final class InvocationContext implements Context {
  private final String requestId;
  private final IntSupplier remainingMillis;

  InvocationContext(String requestId, IntSupplier remainingMillis) {
    this.requestId = requestId;
    this.remainingMillis = remainingMillis;
  }

  /** Fifteen minutes, Lambda's longest timeout. */
  static InvocationContext plenty(String requestId) {
    return new InvocationContext(requestId, () -> 900_000);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/layerkit-test";
  }

  @Override
  public String getLogStreamName() {
    return "2026/11/23/[$LATEST]test";
  }

  @Override
  public String getFunctionName() {
    return "layerkit-test";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:123456789012:function:layerkit-test";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis.getAsInt();
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
