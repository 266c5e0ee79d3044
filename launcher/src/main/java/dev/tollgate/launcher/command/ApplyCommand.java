package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.launcher.config.ApplyResult;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.ConfigPublisher;
import dev.tollgate.launcher.config.LoadResult;
import java.nio.file.Path;

/**
 * {@code ./tollgate apply FILE --bootstrap H:P}: validates the file, then publishes what changed to
 * {@code tollgate.config} in one transaction. A file with any problem is refused whole.
 */
public final class ApplyCommand implements Command {
  @Override
  public int run(Args args, Terminal terminal) {
    Path file = ConfigFiles.fileArgument(args, "apply");
    String bootstrap = args.get(Option.BOOTSTRAP)
        .orElseThrow(() -> new Args.UsageException("apply needs --bootstrap HOST:PORT (or TOLLGATE_BOOTSTRAP)"));
    LoadResult result = ConfigLoader.load(file);
    if (!result.problems().isEmpty()) {
      ConfigFiles.printProblems(result, terminal);
      return 1;
    }
    ApplyResult applied = ConfigPublisher.create(bootstrap).apply(result.snapshot());
    terminal.out().println(file + ": " + applied.summary());
    return 0;
  }
}
