package io.layerkit.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which (package, region) items of a fan-out run now and how many run at once, so that the run
 * stays within what the Bitbucket token's hourly budget has left.
 *
 * <p>The arithmetic (README, "Fanning out"): an item costs {@link #ITEM_OVERHEAD} requests (its
 * commit checked once, the diffstat against the region's release) plus, for a package whose
 * folder changed or cannot be judged, the listing and one request per file, estimated from the
 * package's previous release. Items are taken in order, the home region's first, while their sum
 * fits in what is left; the rest are deferred to a later run, whole, never started. The items
 * then run {@code maxConcurrency} at a time with {@code fetchConcurrency} requests each, and
 * their product never exceeds what is left either: that many requests can be on their way
 * before any item's own budget check sees them.
 *
 * @param items the items to run now, in order
 * @param deferred the items left for a later run
 * @param maxConcurrency items at once (at least 1: a Map state reads 0 as unlimited)
 * @param fetchConcurrency requests in flight per item
 * @param estimatedRequests what the items to run now are estimated to cost together
 */
record FanOutPlan(List<Item> items, List<Item> deferred, int maxConcurrency,
    int fetchConcurrency, long estimatedRequests) {

  /** Requests every item makes whatever changed: the commit check and the diffstat. */
  static final int ITEM_OVERHEAD = 2;

  FanOutPlan {
    items = List.copyOf(items);
    deferred = List.copyOf(deferred);
  }

  /** One (package, region) item and what it is estimated to cost. */
  record Item(String packageName, String path, String region, long requests) {}

  /**
   * A package and what one item of it costs beyond {@link #ITEM_OVERHEAD}.
   *
   * @param fetch listing and file requests when the folder changed or cannot be judged; empty
   *     when nothing says how many files it has (no release yet); 0 when it is unchanged
   */
  record PackageCost(String packageName, String path, OptionalLong fetch) {
    long perItem() {
      return ITEM_OVERHEAD + fetch.orElse(0);
    }
  }

  /**
   * @param remaining requests the budget has left at most; empty when the remote reports none
   * @param maxConcurrency the state machine's MaxConcurrency
   * @param fetchConcurrency parallel fetches an item makes (the run's concurrency setting)
   */
  static FanOutPlan of(List<PackageCost> packages, List<String> regions, OptionalLong remaining,
      int maxConcurrency, int fetchConcurrency) {
    List<Item> all = new ArrayList<>();
    for (String region : regions) {
      for (PackageCost cost : packages) {
        all.add(new Item(cost.packageName(), cost.path(), region, cost.perItem()));
      }
    }
    if (remaining.isEmpty()) {
      return new FanOutPlan(all, List.of(), Math.max(1, Math.min(maxConcurrency, all.size())),
          fetchConcurrency, total(all));
    }
    long left = Math.max(0, remaining.getAsLong());
    List<Item> now = new ArrayList<>();
    long sum = 0;
    for (Item item : all) {
      if (sum + item.requests() > left) {
        break;
      }
      now.add(item);
      sum += item.requests();
    }
    int fetch = (int) Math.max(1, Math.min(fetchConcurrency, left));
    long byBudget = left / fetch;
    int items = (int) Math.max(1, Math.min(Math.min(maxConcurrency, now.size()), byBudget));
    return new FanOutPlan(now, all.subList(now.size(), all.size()), items, fetch, sum);
  }

  private static long total(List<Item> items) {
    return items.stream().mapToLong(Item::requests).sum();
  }
}
