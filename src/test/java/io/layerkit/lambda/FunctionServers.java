package io.layerkit.lambda;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.layerkit.testing.MotoServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers the deployed function talks to in the end-to-end tests, as one extension:
 * moto_server for AWS, and Bitbucket and the CodePipeline API each on a loopback WireMock. Each
 * keeps its own lifecycle (moto reset and WireMock cleared before every test; without moto_server
 * the tests are skipped, or fail when {@code CI=true}); on top, every test gets a fresh
 * {@link FunctionRig} on them, closed after it.
 *
 * <p>Register it on a static field: {@code @RegisterExtension static final FunctionServers
 * SERVERS = new FunctionServers();} and take {@link #rig()} in a {@code @BeforeEach}.
 */
final class FunctionServers implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
    AfterEachCallback, AfterAllCallback {

  final MotoServer moto = new MotoServer();
  final WireMockExtension bitbucket = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
  final CodePipelineApi codePipeline = new CodePipelineApi();
  private FunctionRig rig;

  /** The rig of the running test. */
  FunctionRig rig() {
    if (rig == null) {
      throw new IllegalStateException("the rig exists only while a test runs");
    }
    return rig;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return moto.evaluateExecutionCondition(context);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    moto.beforeAll(context);
    bitbucket.beforeAll(context);
    codePipeline.beforeAll(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    moto.beforeEach(context);
    bitbucket.beforeEach(context);
    codePipeline.beforeEach(context);
    rig = new FunctionRig(moto, bitbucket, codePipeline);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      if (rig != null) {
        rig.close();
      }
    } finally {
      rig = null;
      try {
        codePipeline.afterEach(context);
      } finally {
        bitbucket.afterEach(context);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      codePipeline.afterAll(context);
    } finally {
      bitbucket.afterAll(context);
    }
  }
}
