package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Terminal;

/** One {@code ./tollgate} command. */
public interface Command {
  /** Runs the command; the result is the process exit code. */
  int run(Args args, Terminal terminal) throws Exception;
}
