package io.layerkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The budget arithmetic of the README's example: 40 packages in 3 regions on a token with 1,000
 * requests an hour, each item run with the default 16 fetches.
 */
class FanOutPlanTest {

  private static final List<String> REGIONS = List.of("eu-central-1", "eu-west-1", "us-east-1");
  private static final int FETCHES = 16;
  /** The branch resolved once, and one diffstat per package against the home release. */
  private static final long RESOLVE_COST = 1 + 40;
  private static final long LEFT = 1_000 - RESOLVE_COST;

  @Test
  void nothingChangedFitsEasily() {
    FanOutPlan plan = FanOutPlan.of(packages(OptionalLong.of(0)), REGIONS, OptionalLong.of(LEFT),
        8, FETCHES);

    assertThat(plan.items()).hasSize(120);
    assertThat(plan.deferred()).isEmpty();
    assertThat(plan.estimatedRequests()).isEqualTo(240);
    assertThat(plan.maxConcurrency()).isEqualTo(8);
    assertThat(plan.fetchConcurrency()).isEqualTo(FETCHES);
  }

  @Test
  void everyPackageChangedRunsWhatFitsAndDefersTheRestWhole() {
    // 30 files: one listing page and 30 downloads, plus the item's commit check and diffstat
    FanOutPlan plan = FanOutPlan.of(packages(OptionalLong.of(31)), REGIONS, OptionalLong.of(LEFT),
        8, FETCHES);

    assertThat(plan.items()).hasSize(29)
        .allSatisfy(item -> assertThat(item.region()).isEqualTo("eu-central-1"));
    assertThat(plan.estimatedRequests()).isEqualTo(29 * 33).isLessThanOrEqualTo(LEFT);
    assertThat(plan.deferred()).hasSize(91);
    assertThat(plan.deferred().get(0).packageName()).isEqualTo("layer-29");
    assertThat(plan.maxConcurrency()).isEqualTo(8);
    assertThat((long) plan.maxConcurrency() * plan.fetchConcurrency()).isLessThanOrEqualTo(LEFT);
  }

  @Test
  void aNearlySpentBudgetLowersTheConcurrencyUntilTheProductFits() {
    FanOutPlan plan = FanOutPlan.of(packages(OptionalLong.of(0)), REGIONS, OptionalLong.of(40),
        8, FETCHES);

    assertThat(plan.items()).hasSize(20);
    assertThat(plan.maxConcurrency()).isEqualTo(2);
    assertThat(plan.maxConcurrency() * plan.fetchConcurrency()).isLessThanOrEqualTo(40);

    FanOutPlan tiny = FanOutPlan.of(packages(OptionalLong.of(0)), REGIONS, OptionalLong.of(7),
        8, FETCHES);
    assertThat(tiny.fetchConcurrency()).isEqualTo(7);
    assertThat(tiny.maxConcurrency()).isEqualTo(1);
    assertThat(tiny.items()).hasSize(3);
  }

  @Test
  void aSpentBudgetRunsNothingButStillNamesAConcurrencyAMapAccepts() {
    FanOutPlan plan = FanOutPlan.of(packages(OptionalLong.of(0)), REGIONS, OptionalLong.of(0),
        8, FETCHES);

    assertThat(plan.items()).isEmpty();
    assertThat(plan.deferred()).hasSize(120);
    assertThat(plan.maxConcurrency()).as("0 would mean unlimited to a Map state").isEqualTo(1);
  }

  @Test
  void withoutABudgetEverythingRunsAtTheTemplatesConcurrency() {
    FanOutPlan plan = FanOutPlan.of(packages(OptionalLong.empty()), REGIONS, OptionalLong.empty(),
        8, FETCHES);

    assertThat(plan.items()).hasSize(120);
    assertThat(plan.maxConcurrency()).isEqualTo(8);
    FanOutPlan few = FanOutPlan.of(packages(OptionalLong.empty()).subList(0, 1), List.of("eu-west-1"),
        OptionalLong.empty(), 8, FETCHES);
    assertThat(few.maxConcurrency()).isEqualTo(1);
  }

  private static List<FanOutPlan.PackageCost> packages(OptionalLong fetch) {
    List<FanOutPlan.PackageCost> packages = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> packages.add(
        new FanOutPlan.PackageCost("layer-" + i, "lambda/layers/layer-" + i, fetch)));
    return packages;
  }
}
