package io.layerkit.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The kinds of option layerkit's commands take, declared with picocli's programmatic API.
 *
 * <p>Not its annotations: reading them costs every run about 60 ms, an eighth of a small layer's
 * whole build (a proxy class for each annotation type, a reflective scan of every field, and
 * picocli's default factory, whose first use looks for Groovy's classes and so makes the class
 * loader read the jar's 27,000-entry directory). A command declares its options in code, as
 * fields, and reads their values from them once picocli has parsed the arguments.
 */
final class Options {
  /** Creates what picocli instantiates for layerkit's commands. */
  static final CommandLine.IFactory FACTORY = new CommandFactory();

  private Options() {}

  /** The model of {@code command}, called {@code name}, with -h/--help and -V/--version. */
  static CommandSpec command(Object command, String name, String... description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command, FACTORY).name(name);
    spec.usageMessage().description(description);
    spec.versionProvider(new VersionProvider());
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    return spec;
  }

  static void add(CommandSpec command, ArgSpec... args) {
    for (ArgSpec arg : args) {
      if (arg instanceof OptionSpec option) {
        command.addOption(option);
      } else {
        command.addPositional((PositionalParamSpec) arg);
      }
    }
  }

  /** An option that takes one value. */
  static OptionSpec text(String name, String label, String... description) {
    return valued(name, label, String.class, description);
  }

  static OptionSpec path(String name, String label, String... description) {
    return valued(name, label, Path.class, description);
  }

  static OptionSpec number(String name, String label, String... description) {
    return valued(name, label, Integer.class, description);
  }

  /** An option that may be given several times; its values in the order given. */
  static OptionSpec repeatable(String name, String label, String... description) {
    return OptionSpec.builder(name).paramLabel(label).type(List.class)
        .auxiliaryTypes(String.class).description(description).build();
  }

  /** An option without a value; see {@link #given}. */
  static OptionSpec flag(String name, String... description) {
    return OptionSpec.builder(name).type(Boolean.class).description(description).build();
  }

  /** An option without a value, with a one-letter name too ({@code -v, --verbose}). */
  static OptionSpec flag(char shortName, String name, String... description) {
    return OptionSpec.builder("-" + shortName, name).type(Boolean.class)
        .description(description).build();
  }

  /**
   * The command's parameter: one value of {@code type}, or none when {@code arity} is "0..1".
   * (Each layerkit command takes at most one kind of parameter, so it is always the first.)
   */
  static PositionalParamSpec positional(String arity, String label, Class<?> type,
      String... description) {
    return PositionalParamSpec.builder().index("0").arity(arity).paramLabel(label).type(type)
        .required(!arity.startsWith("0")).description(description).build();
  }

  /** The command's parameters: any number of them, in the order given. */
  static PositionalParamSpec positionals(String label, String... description) {
    return PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel(label)
        .type(List.class).auxiliaryTypes(String.class).description(description).build();
  }

  /** Whether a flag was given. */
  static boolean given(OptionSpec flag) {
    return Boolean.TRUE.equals(flag.getValue());
  }

  /** A flag's value where "not given" must stay apart from "false": true or null. */
  static Boolean givenOrNull(OptionSpec flag) {
    return given(flag) ? Boolean.TRUE : null;
  }

  /** The values of a repeatable option or of positionals, none when none were given. */
  static List<String> values(ArgSpec arg) {
    List<String> values = arg.getValue();
    return values == null ? List.of() : List.copyOf(values);
  }

  private static OptionSpec valued(String name, String label, Class<?> type,
      String... description) {
    return OptionSpec.builder(name).paramLabel(label).type(type).description(description).build();
  }
}
