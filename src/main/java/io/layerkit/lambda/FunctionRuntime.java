package io.layerkit.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.Secret;
import io.layerkit.pipeline.Parts;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * What one Lambda container keeps from invocation to invocation: the JSON mapper, the AWS
 * clients, the checked configuration. Lambda reuses a container for many invocations, so nothing
 * here is created twice; a configuration error is not kept, so that fixing the variables (which
 * starts new containers anyway) is all it takes.
 */
public final class FunctionRuntime {

  /** The AWS clients the function calls itself, beside those inside the parts; created once. */
  public record AwsAccess(
      Supplier<S3Client> s3, Supplier<SsmClient> ssm, Supplier<CodePipelineClient> codePipeline) {}

  /** Opens the parts (source, store, registry, publisher) for one invocation's runs. */
  @FunctionalInterface
  public interface PartsOpener {
    Session open(LayerkitConfig config);
  }

  /** Parts open for one invocation; closing releases what they hold (not the shared clients). */
  public interface Session extends AutoCloseable {
    Parts parts();

    @Override
    void close();
  }

  private final Map<String, String> variables;
  private final ObjectMapper json;
  private final AwsAccess aws;
  private final PartsOpener opener;
  private final Clock clock;
  private final Path workDir;

  private LambdaEnvironment environment;
  private CodePipelineJobs jobs;
  private PipelineCommits pipelineCommits;

  /**
   * @param variables the process environment ({@code System.getenv()} when deployed)
   * @param workDir where local files go: {@code java.io.tmpdir}, which is {@code /tmp} on Lambda
   */
  public FunctionRuntime(Map<String, String> variables, ObjectMapper json, AwsAccess aws,
      PartsOpener opener, Clock clock, Path workDir) {
    this.variables = Map.copyOf(variables);
    this.json = json;
    this.aws = aws;
    this.opener = opener;
    this.clock = clock;
    this.workDir = workDir;
  }

  /**
   * The checked configuration.
   *
   * @throws io.layerkit.config.ConfigException naming the variable that is missing or malformed
   */
  public synchronized LambdaEnvironment environment() {
    if (environment == null) {
      environment = LambdaEnvironment.from(variables);
    }
    return environment;
  }

  public ObjectMapper json() {
    return json;
  }

  public Path workDir() {
    return workDir;
  }

  public synchronized CodePipelineJobs jobs() {
    if (jobs == null) {
      jobs = new CodePipelineJobs(aws.codePipeline().get());
    }
    return jobs;
  }

  public synchronized PipelineCommits pipelineCommits() {
    if (pipelineCommits == null) {
      pipelineCommits = new PipelineCommits(aws.codePipeline().get());
    }
    return pipelineCommits;
  }

  public ExecutionLedger ledger(LambdaEnvironment environment) {
    return new ExecutionLedger(aws.s3().get(), environment.bucket(), environment.bucketPrefix(),
        json, clock);
  }

  /** Opens the parts for the configured source, store, registry and publisher. */
  public Session open(LambdaEnvironment environment) {
    return opener.open(environment.toConfig(environment.packages(), environment.branch(), workDir));
  }

  /**
   * The Bitbucket token, read only when a failure message is about to leave the function, so that
   * it can be cut out of the message whatever produced it.
   */
  public List<Secret> secretsToRedact() {
    String value = aws.ssm().get()
        .getParameter(b -> b.name(environment().tokenParameter()).withDecryption(true))
        .parameter().value().strip();
    return value.isEmpty() ? List.of() : List.of(Secret.of(value));
  }
}
