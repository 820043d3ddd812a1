package io.layerkit.retention.awsconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.awserror.AwsFailureReason;
import io.layerkit.json.JsonMappers;
import io.layerkit.retention.KeepReason;
import io.layerkit.retention.LayerUsage;
import io.layerkit.retention.RetentionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.SelectAggregateResourceConfigResponse;

/**
 * The layer versions in use across an AWS Organization, as an AWS Config aggregator sees them:
 * one advanced query (SelectAggregateResourceConfig) over the Lambda functions of every account
 * and region the aggregator covers, reading each function's {@code configuration.layers[].arn}.
 * Every page is read (NextToken, {@value #PAGE_SIZE} results a page), once, on first use, for
 * every package of the run.
 *
 * <p>Config's view lags the accounts by minutes (a change is recorded when Config next sees it),
 * and it covers only what the aggregator and each account's recorder include: which is why the
 * newest versions are kept anyway, and why this adds to the functions of this account and region
 * that {@code ListFunctions} reads directly, never replaces them.
 */
public final class AggregatorLayerUsage extends LayerUsage {
  static final int PAGE_SIZE = 100;
  static final String QUERY = "SELECT accountId, awsRegion, resourceId, configuration.layers"
      + " WHERE resourceType = 'AWS::Lambda::Function'";
  private static final ObjectMapper JSON = JsonMappers.plain();
  private static final Pattern NAME = Pattern.compile("[\\w-]{1,256}");

  private final ConfigClient config;
  private final String aggregator;

  /** @throws IllegalArgumentException when {@code aggregator} cannot be an aggregator's name */
  public AggregatorLayerUsage(ConfigClient config, String aggregator) {
    checkName(aggregator);
    this.config = config;
    this.aggregator = aggregator;
  }

  /** @throws IllegalArgumentException when {@code aggregator} cannot be an aggregator's name */
  public static void checkName(String aggregator) {
    if (!NAME.matcher(aggregator).matches()) {
      throw new IllegalArgumentException("--config-aggregator '" + aggregator + "' is not an AWS"
          + " Config aggregator name (1-256 letters, digits, '_' and '-')");
    }
  }

  @Override
  public String describe() {
    return "functions the AWS Config aggregator " + aggregator + " sees";
  }

  @Override
  public KeepReason reason() {
    return KeepReason.USED_IN_ORGANIZATION;
  }

  @Override
  protected Map<String, List<String>> readAll() throws RetentionException {
    Map<String, List<String>> users = new TreeMap<>();
    try {
      for (SelectAggregateResourceConfigResponse page : config.selectAggregateResourceConfigPaginator(
          b -> b.configurationAggregatorName(aggregator).expression(QUERY).limit(PAGE_SIZE))) {
        for (String result : page.results()) {
          addFunction(JSON.readTree(result), users);
        }
      }
    } catch (SdkException e) {
      throw new RetentionException("cannot query the AWS Config aggregator " + aggregator
          + " for the functions using layers (config:SelectAggregateResourceConfig): "
          + AwsFailureReason.of(e), e);
    } catch (IOException e) {
      throw new RetentionException("the AWS Config aggregator " + aggregator
          + " answered with a result that is not JSON: " + e.getMessage(), e);
    }
    return users;
  }

  /** One result: {@code {"accountId", "awsRegion", "resourceId", "configuration": {"layers": [{"arn"}]}}}. */
  private static void addFunction(JsonNode function, Map<String, List<String>> users) {
    String name = function.path("accountId").asText() + "/" + function.path("awsRegion").asText()
        + "/" + function.path("resourceId").asText();
    for (JsonNode layer : function.path("configuration").path("layers")) {
      String arn = layer.path("arn").asText("");
      if (!arn.isEmpty()) {
        users.computeIfAbsent(arn, a -> new ArrayList<>()).add(name);
      }
    }
  }
}
