package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The command-line contract holds whatever the machine's language: the CLI test classes run
 * again in a JVM whose default locale is Turkish, where {@code "FILE".toLowerCase()} is
 * {@code "fıle"} and {@code "info".toUpperCase()} is {@code "İNFO"}, the classic trap for code
 * that forgets {@code Locale.ROOT}.
 */
class CommandLineUnderTurkishLocaleTest {
  static final List<Class<?>> CLASSES = List.of(CommandLineContractTest.class,
      InspectCommandTest.class);

  @Test
  void theCliTestsPassUnderATurkishDefaultLocale() throws Exception {
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.language=tr", "-Duser.country=TR",
        "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();

    assertThat(output).contains("default locale tr_TR");
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("tests succeeded: [1-9]");
  }

  /** Runs in the child JVM: the CLI test classes through the JUnit Platform launcher. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      System.out.println("default locale " + java.util.Locale.getDefault());
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(CLASSES.stream().map(DiscoverySelectors::selectClass).toList())
          .build();
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      launcher.execute(request, summary);
      TestExecutionSummary result = summary.getSummary();
      result.printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
      System.out.println("tests succeeded: " + result.getTestsSucceededCount()
          + ", failed: " + result.getTotalFailureCount());
      System.exit(result.getTotalFailureCount() == 0 && result.getTestsFoundCount() > 0 ? 0 : 1);
    }
  }
}
