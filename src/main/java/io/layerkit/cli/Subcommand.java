package io.layerkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** A layerkit subcommand: its model, whose options it reads when picocli calls it. */
interface Subcommand extends Callable<Integer> {
  /** A new model of this command, bound to this instance (see {@link Options}). */
  CommandSpec spec();
}
