package io.layerkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The directions dependencies may run in, stated once. From the bottom up:
 *
 * <pre>
 * json, digest, message, rules      small helpers every layer may use (JDK and Jackson only)
 * awserror                          one line for an AWS SDK failure, for the AWS adapters
 * tree                              the tree model and path rules
 * source, archive, store,           the parts' interfaces and values (publish may name store's
 *   registry, publish, sbom,          StoredObject; sbom reads the archiver's ContentObserver;
 *   provenance, retention             retention plans over registry's releases and store's objects)
 * their adapters                    source.local/.git/.bitbucket, store.file/.s3, registry.file/.ssm,
 *                                     publish.lambda/.signer, provenance.kms,
 *                                     retention.lambda/.awsconfig: their interface, tree, their SDK
 * pipeline, verify                  the steps in order, and a release checked again: interfaces
 *                                     and tree only
 * config                            values and the one resolver: tree, archive's value records
 * aws                               the AWS SDK client factory: config's AWS values
 * app                               the composition root: the only place that knows every adapter
 * cli, lambda                       the front doors: app, config, pipeline
 * </pre>
 *
 * Every main class lives in one of these packages, and no packages depend on each other in a
 * cycle.
 */
class ArchitectureTest {
  private static final String ROOT = "io.layerkit";
  private static final String[] HELPERS = {
      ROOT + ".json..", ROOT + ".digest..", ROOT + ".message..", ROOT + ".rules.."};
  private static final String AWS_ERROR = ROOT + ".awserror..";
  private static final String[] INTERFACES = {
      ROOT + ".source", ROOT + ".archive", ROOT + ".store", ROOT + ".registry", ROOT + ".publish",
      ROOT + ".sbom", ROOT + ".provenance", ROOT + ".retention"};
  private static final String[] ADAPTERS = {
      ROOT + ".source.*..", ROOT + ".store.*..", ROOT + ".registry.*..",
      ROOT + ".publish.*..", ROOT + ".provenance.*..", ROOT + ".retention.*.."};
  private static final String[] TOP = {
      ROOT + ".config..", ROOT + ".pipeline..", ROOT + ".verify..", ROOT + ".app..",
      ROOT + ".cli..", ROOT + ".lambda..", ROOT + ".aws.."};
  private static final String AWS_SDK = "software.amazon.awssdk..";
  private static final String HTTP = "java.net.http..";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  private static void check(ArchRule rule) {
    rule.check(main);
  }

  @Test
  void everyClassLivesInALayerThisTestNames() {
    check(classes().should().resideInAnyPackage(concat(HELPERS, INTERFACES, ADAPTERS, TOP,
        new String[] {ROOT + ".tree..", AWS_ERROR}))
        .because("a new package states its place in the directions here first"));
  }

  @Test
  void theHelpersDependOnNothingOfLayerkitButEachOther() {
    check(noClasses().that().resideInAnyPackage(HELPERS)
        .should().dependOnClassesThat().resideInAnyPackage(concat(INTERFACES, ADAPTERS, TOP,
            new String[] {ROOT + ".tree.."})));
  }

  @Test
  void theAwsFailureLineDependsOnNothingOfLayerkit() {
    check(noClasses().that().resideInAPackage(AWS_ERROR)
        .should().dependOnClassesThat().resideInAnyPackage(concat(HELPERS, INTERFACES, ADAPTERS,
            TOP, new String[] {ROOT + ".tree.."})));
  }

  @Test
  void theTreeModelDependsOnNothingAbove() {
    check(noClasses().that().resideInAPackage(ROOT + ".tree..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(INTERFACES, ADAPTERS, TOP)));
  }

  @Test
  void interfacesKnowNeitherAdaptersNorAnythingAbove() {
    check(noClasses().that().resideInAnyPackage(INTERFACES)
        .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS, TOP))
        .orShould().dependOnClassesThat().resideInAnyPackage(AWS_SDK, HTTP));
  }

  @Test
  void adaptersKnowTheirInterfaceTheTreeAndTheirSdkButNothingAbove() {
    check(noClasses().that().resideInAnyPackage(ADAPTERS)
        .should().dependOnClassesThat().resideInAnyPackage(TOP));
  }

  @Test
  void theGitAndBitbucketSourcesDoNotReachIntoEachOther() {
    check(noClasses().that().resideInAPackage(ROOT + ".source.git..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".source.bitbucket.."));
    check(noClasses().that().resideInAPackage(ROOT + ".source.bitbucket..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".source.git.."));
    check(slices().matching(ROOT + ".(*).(*)..").namingSlices("$1.$2")
        .should().notDependOnEachOther()
        .because("an adapter depends on its interface, never on another adapter"));
  }

  @Test
  void thePipelineKnowsOnlyInterfacesAndTheTree() {
    check(noClasses().that().resideInAnyPackage(ROOT + ".pipeline..", ROOT + ".verify..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS,
            new String[] {ROOT + ".config..", ROOT + ".app..", ROOT + ".cli..", ROOT + ".lambda..",
                ROOT + ".aws..", AWS_SDK, HTTP, "org.eclipse.jgit..", "dev.failsafe.."})));
  }

  @Test
  void configHoldsValuesAndRulesOnTopOfTheTreeAndArchiveValues() {
    check(noClasses().that().resideInAPackage(ROOT + ".config..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS,
            new String[] {ROOT + ".source", ROOT + ".store", ROOT + ".registry",
                ROOT + ".publish", ROOT + ".pipeline..", ROOT + ".app..", ROOT + ".cli..",
                ROOT + ".lambda..", ROOT + ".aws..", AWS_SDK})));
  }

  @Test
  void onlyTheCompositionRootAndTheFunctionMakeAwsClients() {
    check(noClasses().that().resideOutsideOfPackages(ROOT + ".app..", ROOT + ".lambda..",
            ROOT + ".aws..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".aws.."));
    check(noClasses().that().resideInAPackage(ROOT + ".aws..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(ADAPTERS,
            new String[] {ROOT + ".pipeline..", ROOT + ".app..", ROOT + ".cli..",
                ROOT + ".lambda.."})));
  }

  @Test
  void onlyTheCompositionRootKnowsTheAdapters() {
    check(noClasses().that().resideInAnyPackage(ROOT + ".cli..", ROOT + ".lambda..",
            ROOT + ".pipeline..", ROOT + ".config..")
        .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS));
    check(noClasses().that().resideInAPackage(ROOT + ".app..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".cli..", ROOT + ".lambda.."));
  }

  @Test
  void theFrontDoorsAreThinAndApart() {
    check(noClasses().that().resideInAPackage(ROOT + ".cli..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".lambda..", ROOT + ".aws..",
            AWS_SDK)
        .because("the command line reaches AWS only through the composition root"));
    check(noClasses().that().resideInAPackage(ROOT + ".lambda..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".cli.."));
  }

  /** The command line's model is built in code (see cli.Options): picocli reads no annotations. */
  @Test
  void theCommandLineDeclaresItsOptionsInCode() {
    check(noClasses().should().dependOnClassesThat().belongToAnyOf(
            picocli.CommandLine.Command.class, picocli.CommandLine.Option.class,
            picocli.CommandLine.Parameters.class, picocli.CommandLine.Mixin.class,
            picocli.CommandLine.ArgGroup.class, picocli.CommandLine.Spec.class,
            picocli.CommandLine.ParentCommand.class)
        .because("reading picocli's annotations costs every run about 60 ms of start"));
  }

  @Test
  void noPackageCycles() {
    check(slices().matching(ROOT + ".(**)").should().beFreeOfCycles());
  }

  private static String[] concat(String[]... groups) {
    return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream)
        .toArray(String[]::new);
  }
}
