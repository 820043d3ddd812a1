package io.layerkit.retention.lambda;

import io.layerkit.awserror.AwsFailureReason;
import io.layerkit.retention.KeepReason;
import io.layerkit.retention.LayerUsage;
import io.layerkit.retention.RetentionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionVersion;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;

/**
 * The layer versions the functions of this account and region use: ListFunctions with
 * {@code FunctionVersion=ALL} (published function versions keep the layer versions they were
 * published with, and an alias may still point at one), every page, each function's
 * {@code Layers[].Arn}. Read once, on first use, for every package of the run.
 */
public final class FunctionLayerUsage extends LayerUsage {
  private final LambdaClient lambda;
  private final String region;

  public FunctionLayerUsage(LambdaClient lambda, String region) {
    this.lambda = lambda;
    this.region = region;
  }

  @Override
  public String describe() {
    return "functions in " + region;
  }

  @Override
  public KeepReason reason() {
    return KeepReason.USED_BY_FUNCTION;
  }

  @Override
  protected Map<String, List<String>> readAll() throws RetentionException {
    Map<String, List<String>> users = new TreeMap<>();
    try {
      for (ListFunctionsResponse page
          : lambda.listFunctionsPaginator(b -> b.functionVersion(FunctionVersion.ALL))) {
        for (FunctionConfiguration function : page.functions()) {
          for (Layer layer : function.layers()) {
            users.computeIfAbsent(layer.arn(), arn -> new ArrayList<>()).add(function.functionArn());
          }
        }
      }
    } catch (SdkException e) {
      throw new RetentionException("cannot list the functions in " + region
          + " to see which layer versions they use (lambda:ListFunctions): "
          + AwsFailureReason.of(e), e);
    }
    return users;
  }
}
