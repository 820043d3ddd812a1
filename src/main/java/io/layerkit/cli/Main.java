package io.layerkit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerkit.config.ConfigException;
import io.layerkit.json.JsonMappers;
import io.layerkit.message.OneLine;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** The {@code layerkit} command: parses, dispatches to a subcommand, maps failures to exit codes. */
@Command(name = "layerkit", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Turns folders of a Git repository into reproducible AWS Lambda layers.",
    subcommands = {BuildCommand.class, PublishCommand.class, PlanCommand.class,
        InspectCommand.class, ReleasesCommand.class, PruneCommand.class},
    footer = {"", "Exit status: 0 all done, 1 a package failed, 2 usage or configuration error,"
        + " 3 validation failed."})
public final class Main implements Runnable {
  static final int EXIT_USAGE = 2;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, args) -> {
      int code = usage.handleParseException(e, args);
      if (Arrays.asList(args).contains("--json")) {
        printJsonError(OneLine.of(e));
      }
      return code;
    });
    return cli;
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
