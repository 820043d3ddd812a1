package io.layerkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigException;
import io.layerkit.json.JsonMappers;
import io.layerkit.message.OneLine;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** The {@code layerkit} command: parses, dispatches to a subcommand, maps failures to exit codes. */
public final class Main implements Runnable {
  static final int EXIT_USAGE = 2;

  /** The subcommands in the order help lists them; a run builds the model of its own only. */
  private static final Map<String, Supplier<Subcommand>> COMMANDS = commands();

  private static Map<String, Supplier<Subcommand>> commands() {
    Map<String, Supplier<Subcommand>> commands = new LinkedHashMap<>();
    commands.put("build", BuildCommand::new);
    commands.put("publish", PublishCommand::new);
    commands.put("plan", PlanCommand::new);
    commands.put("inspect", InspectCommand::new);
    commands.put("releases", ReleasesCommand::new);
    commands.put("verify", VerifyCommand::new);
    commands.put("prune", PruneCommand::new);
    return commands;
  }

  private final CommandSpec spec;

  private Main() {
    spec = Options.command(this, "layerkit",
        "Turns folders of a Git repository into reproducible AWS Lambda layers.");
    spec.usageMessage().footer("", "Exit status: 0 all done, 1 a package failed, 2 usage or"
        + " configuration error, 3 validation failed.");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line with every subcommand, also used by tests in-process. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code arguments}: only the named subcommand when the first argument names
   * one, none for the version alone, and all of them otherwise (such as {@code --help} or a typo,
   * to list or suggest them).
   */
  static CommandLine commandLine(String[] arguments) {
    CommandLine cli = new CommandLine(new Main().spec, Options.FACTORY);
    Supplier<Subcommand> named = arguments.length > 0 ? COMMANDS.get(arguments[0]) : null;
    if (named != null) {
      cli.addSubcommand(arguments[0], named.get().spec());
    } else if (!asksForTheVersionOnly(arguments)) {
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get().spec()));
    }
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler(cli.getParameterExceptionHandler()));
    return cli;
  }

  private static boolean asksForTheVersionOnly(String[] arguments) {
    return arguments.length == 1 && (arguments[0].equals("-V") || arguments[0].equals("--version"));
  }

  /**
   * Picocli's usage message, and the {@code --json} error object after it. A named class, not a
   * lambda: JDK 17 keeps a Java 5 interface out of a class-data-sharing archive once something
   * links it while the archive is made, and a lambda for it does; picocli's interfaces are Java 5.
   */
  private static final class UsageErrorHandler implements IParameterExceptionHandler {
    private final IParameterExceptionHandler usage;

    UsageErrorHandler(IParameterExceptionHandler usage) {
      this.usage = usage;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args)
        throws Exception {
      int code = usage.handleParseException(e, args);
      if (Arrays.asList(args).contains("--json")) {
        printJsonError(OneLine.of(e));
      }
      return code;
    }
  }

  /** A script reading stdout still gets the one object the {@code --json} contract promises. */
  private static void printJsonError(String error) {
    ObjectNode report = JsonMappers.plain().createObjectNode();
    report.put("ok", false);
    report.putNull("commit");
    report.putArray("packages");
    report.put("error", error);
    System.out.println(report);
  }

  /** One line per error on stderr; configuration errors exit 2, anything else 1. */
  private static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
      String error = OneLine.of(e);
      PrintWriter err = cmd.getErr();
      err.println("layerkit: error: " + error);
      err.flush();
      if (wantsJson(parsed)) {
        printJsonError(error);
      }
      return e instanceof ConfigException ? EXIT_USAGE : 1;
    }

    private static boolean wantsJson(ParseResult parsed) {
      for (ParseResult p = parsed; p != null; p = p.subcommand()) {
        if (p.hasMatchedOption("--json")) {
          return true;
        }
      }
      return false;
    }
  }
}
