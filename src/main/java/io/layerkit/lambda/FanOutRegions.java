package io.layerkit.lambda;

import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Rules;
import io.layerkit.config.Setting;
import io.layerkit.config.Variables;
import java.util.List;
import java.util.Map;

/**
 * The regions the fan-out builds every package for, and how one item's region reaches the
 * configuration: the only two places the fan-out knows about regions. The list is the function's
 * {@value LambdaEnvironment#REGIONS} (the home region first), else the function's own region;
 * an item runs with its one region as the configuration's regions.
 */
final class FanOutRegions {

  private FanOutRegions() {}

  /**
   * @param variables the function's variables
   * @param ownRegion the region the function runs in, used when
   *     {@value LambdaEnvironment#REGIONS} is unset
   */
  static List<String> of(Map<String, String> variables, String ownRegion) {
    List<String> given = new Variables(variables).list(LambdaEnvironment.REGIONS);
    return given == null ? List.of(ownRegion)
        : Rules.regions(LambdaEnvironment.REGIONS, given.stream().map(String::strip).toList());
  }

  /** What an item's region changes in the configuration. */
  static ConfigOverrides itemRegion(String region) {
    return ConfigOverrides.none().with(Setting.REGIONS, "the fan-out item's \"region\"",
        List.of(region));
  }

  /** @throws io.layerkit.config.ConfigException naming {@code name} when it is no region name */
  static String checked(String name, String region) {
    return Rules.regions(name, List.of(region.strip())).get(0);
  }
}
