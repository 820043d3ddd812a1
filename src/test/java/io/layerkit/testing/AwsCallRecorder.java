package io.layerkit.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the AWS calls code under test makes, whatever client it builds: the SDK loads this
 * interceptor for every client in the test JVM (it is named in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}) and it records only
 * inside {@link #during}, so a test's own set-up and checks stay out of the recording.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

  /**
   * One call as the SDK was about to send it.
   *
   * @param service the SDK's service name, e.g. {@code S3}, {@code Lambda}
   * @param operation the API operation, e.g. {@code PutObject}
   * @param request the request with every field the code set
   * @param region the region the client sends it to, e.g. {@code eu-west-1}
   */
  public record Call(String service, String operation, SdkRequest request, String region) {}

  private static volatile List<Call> recording;

  /** Runs {@code work} and returns every AWS call made meanwhile, in order. */
  public static synchronized List<Call> during(Callable<?> work) throws Exception {
    recording = Collections.synchronizedList(new ArrayList<>());
    try {
      work.call();
      return List.copyOf(recording);
    } finally {
      recording = null;
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    List<Call> calls = recording;
    if (calls != null) {
      calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
          attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request(),
          String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION))));
    }
  }
}
