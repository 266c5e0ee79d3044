package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.launcher.config.ConfigProblem;
import dev.tollgate.launcher.config.LoadResult;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.nio.file.Path;

/** What the config-reading commands share: the file argument, problem output and a one-line summary. */
final class ConfigFiles {
  private ConfigFiles() {}

  static Path fileArgument(Args args, String command) {
    if (args.positional().size() != 2) {
      throw new Args.UsageException(command + " takes exactly one FILE");
    }
    return Path.of(args.positional().get(1));
  }

  static void printProblems(LoadResult result, Terminal terminal) {
    for (ConfigProblem problem : result.problems()) {
      terminal.err().println(problem);
    }
    int n = result.problems().size();
    terminal.err().println(n + (n == 1 ? " problem" : " problems") + "; nothing was applied.");
  }

  static String summary(ConfigSnapshot snapshot) {
    return String.format("%d providers, %d models, %d tenants, %d keys, %d budgets",
        snapshot.providers().size(), snapshot.models().size(), snapshot.tenants().size(),
        snapshot.keys().size(), snapshot.budgets().size());
  }
}
