package io.layerkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandFactoryTest {
  private final CommandFactory factory = new CommandFactory();

  @Test
  void repeatedValuesKeepTheOrderTheyWereGivenIn() throws Exception {
    List<String> list = factory.create(List.class);
    list.add("b");
    list.add("a");
    assertThat(list).containsExactly("b", "a");

    Set<String> set = factory.create(Set.class);
    set.add("b");
    set.add("a");
    assertThat(set).containsExactly("b", "a");

    Map<String, String> map = factory.create(Map.class);
    map.put("b", "1");
    map.put("a", "2");
    assertThat(map.keySet()).containsExactly("b", "a");

    Collection<String> collection = factory.create(Collection.class);
    assertThat(collection).isEmpty();
  }

  @Test
  void sortedContainersSort() throws Exception {
    SortedSet<String> set = factory.create(SortedSet.class);
    set.add("b");
    set.add("a");
    assertThat(set).containsExactly("a", "b");
    SortedMap<String, String> map = factory.create(SortedMap.class);
    map.put("b", "1");
    map.put("a", "2");
    assertThat(map.keySet()).containsExactly("a", "b");
  }

  @Test
  void createsClassesWhoseConstructorIsNotPublic() throws Exception {
    assertThat(factory.create(Hidden.class).made).isTrue();
  }

  @Test
  void anInterfaceThatHoldsNoValuesIsRefusedByName() {
    assertThatThrownBy(() -> factory.create(Runnable.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Runnable");
  }

  @Test
  void theCommandLineParsesRepeatedOptionsAndPositionalsInOrder() {
    CommandLine cli = Main.commandLine(new String[] {"publish"});
    assertThat(cli.getFactory()).isInstanceOf(CommandFactory.class);
    CommandLine.ParseResult parsed = cli.parseArgs("publish", "--share", "222222222222",
        "--share", "111111111111", "layers/b", "layers/a");
    CommandLine.ParseResult publish = parsed.subcommand();
    assertThat(publish.matchedOption("--share").<List<String>>getValue())
        .containsExactly("222222222222", "111111111111");
    assertThat(publish.matchedPositionals().get(0).<List<String>>getValue())
        .containsExactly("layers/b", "layers/a");
  }

  static final class Hidden {
    final boolean made;

    private Hidden() {
      made = true;
    }
  }
}
