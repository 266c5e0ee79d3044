package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.LoadResult;
import java.nio.file.Path;

/** {@code ./tollgate validate FILE}: every problem with its line; exit 1 if there is any. */
public final class ValidateCommand implements Command {
  @Override
  public int run(Args args, Terminal terminal) {
    Path file = ConfigFiles.fileArgument(args, "validate");
    LoadResult result = ConfigLoader.load(file);
    if (!result.problems().isEmpty()) {
      ConfigFiles.printProblems(result, terminal);
      return 1;
    }
    terminal.out().println(file + ": valid — " + ConfigFiles.summary(result.snapshot()));
    return 0;
  }
}
