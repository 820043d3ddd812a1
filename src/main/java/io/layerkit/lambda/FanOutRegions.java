package io.layerkit.lambda;

import io.layerkit.config.ConfigException;
import io.layerkit.config.ConfigOverrides;
import io.layerkit.config.Setting;
import io.layerkit.config.Variables;
import io.layerkit.tree.PathRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The regions the fan-out builds every package for, and how one item's region reaches the
 * configuration: the only two places the fan-out knows about regions. Today the function has one
 * region setting ({@link Setting#REGION}), so an item's region is that setting's override and the
 * list comes from {@value #REGIONS} (the home region first), else the function's own region.
 * When the configuration learns a list of regions, these two methods switch to it.
 */
final class FanOutRegions {

  /** Comma-separated regions, the home region first. */
  static final String REGIONS = "REGIONS";

  /** A region name such as {@code eu-central-1} or {@code us-gov-west-1}. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

  private FanOutRegions() {}

  /**
   * @param variables the function's variables
   * @param ownRegion the region the function runs in, used when {@value #REGIONS} is unset
   */
  static List<String> of(Map<String, String> variables, String ownRegion) {
    List<String> given = new Variables(variables).list(REGIONS);
    if (given == null) {
      return List.of(ownRegion);
    }
    List<String> regions = new ArrayList<>();
    for (String region : given) {
      String checked = checked(REGIONS, region);
      if (regions.contains(checked)) {
        throw new ConfigException(REGIONS + " names " + checked + " twice: name each region once");
      }
      regions.add(checked);
    }
    return List.copyOf(regions);
  }

  /** What an item's region changes in the configuration. */
  static ConfigOverrides itemRegion(String region) {
    return ConfigOverrides.none().with(Setting.REGION, "the fan-out item's \"region\"", region);
  }

  /** @throws ConfigException naming {@code name} when {@code region} is not a region name */
  static String checked(String name, String region) {
    String value = region.strip();
    if (!REGION.matcher(value).matches()) {
      throw new ConfigException(name + " '" + PathRules.printable(value) + "' is not an AWS region"
          + " name such as eu-central-1");
    }
    return value;
  }
}
