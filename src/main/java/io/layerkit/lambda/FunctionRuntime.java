package io.layerkit.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.layerkit.app.Components;
import io.layerkit.aws.AwsClients;
import io.layerkit.config.Rules;
import io.layerkit.config.AwsSettings;
import io.layerkit.config.ConfigFile;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.ConfigResolver;
import io.layerkit.config.LayerkitConfig;
import io.layerkit.config.Setting;
import io.layerkit.pipeline.Mode;
import io.layerkit.pipeline.Parts;
import io.layerkit.source.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one Lambda container keeps from invocation to invocation: the JSON mapper, the AWS
 * clients (one HTTP client, each SDK client built once) and the checked configuration. Lambda
 * reuses a container for many invocations, so nothing here is created twice; a configuration
 * error is not kept, so a retry sees the variables afresh.
 *
 * <p>Endpoints, region and credentials come from the SDK's own settings ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}, the Lambda role); nothing is
 * forced here, which is what lets the function run against emulators exactly as deployed.
 */
public final class FunctionRuntime implements AutoCloseable {

  /** How the pipeline names its temporary folders in {@code java.io.tmpdir}. */
  static final String PIPELINE_TEMP_PREFIX = "layerkit-";

  /** Parts open for one invocation; closing releases the source, not the shared clients. */
  public interface Session extends AutoCloseable {
    Parts parts();

    @Override
    void close();
  }

  private final Map<String, String> variables;
  private final ObjectMapper json;
  private final AwsClients clients;
  private final Clock clock;
  private final Path workDir;

  /** Clients for the regions fan-out items name beside the function's own, one set each. */

  private LambdaEnvironment environment;
  private CodePipelineJobs jobs;
  private PipelineCommits pipelineCommits;

  /**
   * @param variables the process environment ({@code System.getenv()} when deployed)
   * @param workDir where local files go: {@code java.io.tmpdir}, which is {@code /tmp} on Lambda
   */
  FunctionRuntime(Map<String, String> variables, ObjectMapper json, AwsClients clients,
      Clock clock, Path workDir) {
    this.variables = Map.copyOf(variables);
    this.json = json;
    this.clients = clients;
    this.clock = clock;
    this.workDir = workDir;
  }

  /** The runtime of a deployed function: the process environment and the SDK's defaults. */
  public static FunctionRuntime forProcess(Map<String, String> variables, ObjectMapper json) {
    return new FunctionRuntime(variables, json, AwsClients.create(AwsSettings.defaults()),
        Clock.systemUTC(), Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Does the slow first-time work (checking the variables, building the SDK clients, loading
   * their classes) ahead of the first event, in Lambda's init phase. Never fails: a problem
   * found here is reported by the invocation that meets it, where a CodePipeline job can still
   * be ended properly.
   */
  public void prime() {
    removeLeftovers();
    try {
      environment();
      clients.s3();
      clients.ssm();
      clients.codePipeline();
    } catch (RuntimeException e) {
      // reported by the first invocation
    }
  }

  /**
   * Removes the temporary folders of an invocation that Lambda stopped at its timeout. Files in
   * {@code /tmp} survive that, the handler does not, so a new handler is the first to know; left
   * there, each timeout would keep a layer zip that later runs lack the space for. Only inside
   * Lambda ({@code AWS_LAMBDA_RUNTIME_API} set), where the folder belongs to this one execution
   * environment and no other process can be using it.
   */
  void removeLeftovers() {
    if (!variables.containsKey("AWS_LAMBDA_RUNTIME_API")) {
      return;
    }
    try (Stream<Path> entries = Files.list(workDir)) {
      entries.filter(p -> p.getFileName().toString().startsWith(PIPELINE_TEMP_PREFIX))
          .filter(Files::isDirectory)
          .forEach(FunctionRuntime::deleteTree);
    } catch (IOException | UncheckedIOException e) {
      // best effort: a run that then lacks space says so itself
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The function's variables, read and checked: the whole configuration they give is resolved
   * once here, so a malformed variable fails the first invocation naming it, whatever the event.
   *
   * @throws io.layerkit.config.ConfigException naming the variable that is missing or malformed
   */
  public synchronized LambdaEnvironment environment() {
    if (environment == null) {
      LambdaEnvironment read = LambdaEnvironment.from(variables);
      resolve(read, ConfigOverrides.none());
      environment = read;
    }
    return environment;
  }

  /**
   * The configuration of one run: the event's values over the function's variables, resolved
   * and checked by the same resolver, with the same rules, as the command line's.
   *
   * @throws io.layerkit.config.ConfigException naming the setting that breaks a rule
   */
  public LayerkitConfig config(ConfigOverrides event) {
    return resolve(environment(), event);
  }

  private LayerkitConfig resolve(LambdaEnvironment environment, ConfigOverrides event) {
    ConfigOverrides overrides = event.over(environment.overrides())
        .with(Setting.OUT, "the function's work folder", workDir.toString());
    return new ConfigResolver(ConfigFile.empty(), workDir, overrides).resolve();
  }

  public ObjectMapper json() {
    return json;
  }

  public Path workDir() {
    return workDir;
  }

  public synchronized CodePipelineJobs jobs() {
    if (jobs == null) {
      jobs = new CodePipelineJobs(clients.codePipeline());
    }
    return jobs;
  }

  public synchronized PipelineCommits pipelineCommits() {
    if (pipelineCommits == null) {
      pipelineCommits = new PipelineCommits(clients.codePipeline());
    }
    return pipelineCommits;
  }

  public ExecutionLedger ledger(LambdaEnvironment environment) {
    // the ledger lives in the function's own region's bucket when BUCKET_NAME has {region}
    String bucket = environment.bucket().replace(Rules.REGION_PLACEHOLDER, clients.region().id());
    return new ExecutionLedger(clients.s3(), bucket, environment.bucketPrefix(), json, clock);
  }

  /**
   * Opens the configured source, store, registry and publisher on the shared clients, which
   * give each region the configuration names its own (a fan-out item's region included); the
   * token is read in the function's own region, where the stack keeps it, from its SecureString
   * on every open, so a rotated token is used at once.
   */
  public Session open(LayerkitConfig config) {
    Components components = Components.open(config, Mode.PUBLISH, variables, clients);
    return new Session() {
      @Override
      public Parts parts() {
        return components.parts();
      }

      @Override
      public void close() {
        try {
          components.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot close the package source", e);
        }
      }
    };
  }

  /** Opens retention for the configured registry and store, in the function's region. */
  public Components.RetentionHandle openRetention(LayerkitConfig config) {
    return Components.openRetention(config, clients);
  }

  /** Opens only the configured registry, on the shared clients. */
  public Components.RegistryHandle openRegistry(LayerkitConfig config) {
    return Components.openRegistry(config, clients);
  }

  /** The region the function runs in (its SDK's region). */
  public String ownRegion() {
    return clients.region().id();
  }

  /** The function's variables, as Lambda set them. */
  public Map<String, String> variables() {
    return variables;
  }

  /**
   * The Bitbucket token, read only when a failure message is about to leave the function, so that
   * it can be cut out of the message whatever produced it.
   */
  public List<Secret> secretsToRedact() {
    String value = clients.ssm()
        .getParameter(b -> b.name(environment().tokenParameter()).withDecryption(true))
        .parameter().value().strip();
    return value.isEmpty() ? List.of() : List.of(Secret.of(value));
  }

  @Override
  public synchronized void close() {
    clients.close();
  }
}
