package io.layerkit.source.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerkit.source.RequestEstimate;
import org.junit.jupiter.api.Test;

/** What a package's requests are guessed at from its file count before it is listed. */
class ListingCostTest {

  @Test
  void withManyLevelsAListingSharesItsPages() {
    // an installed Python package: 2,041 files, about 1,000 folders, 100 entries a page
    assertThat(ListingCost.beforeListing(2041, 10, "the previous release's 2041 files"))
        .isEqualTo(new RequestEstimate(31, 2041, "the previous release's 2041 files"));
  }

  @Test
  void oneLevelAListingCostsARequestPerFolder() {
    RequestEstimate estimate = ListingCost.beforeListing(2041, 1, "x");

    assertThat(estimate.listing()).isEqualTo(31 + 1021);
    assertThat(estimate.total()).isEqualTo(31 + 1021 + 2041);
  }

  @Test
  void anEmptyFolderStillCostsOnePage() {
    assertThat(ListingCost.beforeListing(0, 10, "x").total()).isEqualTo(1);
  }
}
