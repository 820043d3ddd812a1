package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which folders of a listing came back with their contents. */
class ListingCoverageTest {

  @Test
  void foldersOfTheDeepestLevelAreListedOnTheirOwn() {
    ListingCoverage coverage = new ListingCoverage("pkg", 2);
    coverage.add("pkg/a", true);
    coverage.add("pkg/a/b", true);
    coverage.add("pkg/a/x.py", false);
    coverage.add("pkg/top.py", false);

    assertThat(coverage.toListOnTheirOwn()).containsExactly("pkg/a/b");
  }

  @Test
  void aFolderAboveTheDeepestLevelWithoutChildrenWasCutFromTheAnswer() {
    ListingCoverage coverage = new ListingCoverage("", 3);
    coverage.add("a", true);
    coverage.add("a/x.py", false);
    coverage.add("b", true);

    assertThat(coverage.toListOnTheirOwn()).containsExactly("b");
  }

  @Test
  void aFolderTheAnswerNeverNamesIsListedOnItsOwn() {
    ListingCoverage coverage = new ListingCoverage("pkg", 5);
    coverage.add("pkg/c/d/e.txt", false);
    coverage.add("pkg/c", true);

    assertThat(coverage.toListOnTheirOwn()).containsExactly("pkg/c/d");
  }

  @Test
  void oneLevelListsEveryChildFolderOnItsOwn() {
    ListingCoverage coverage = new ListingCoverage("pkg", 1);
    coverage.add("pkg/a", true);
    coverage.add("pkg/b", true);
    coverage.add("pkg/x.py", false);

    assertThat(coverage.toListOnTheirOwn()).containsExactly("pkg/a", "pkg/b");
  }

  @Test
  void countsLevelsBelowTheListedFolder() {
    assertThat(ListingCoverage.levels("", "a")).isEqualTo(1);
    assertThat(ListingCoverage.levels("pkg", "pkg/a/b/c.py")).isEqualTo(3);
  }
}
