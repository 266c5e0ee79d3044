package dev.tollgate.launcher;

import dev.tollgate.launcher.command.ApplyCommand;
import dev.tollgate.launcher.command.Command;
import dev.tollgate.launcher.command.HashKeyCommand;
import dev.tollgate.launcher.command.KeyCreateCommand;
import dev.tollgate.launcher.command.RunCommand;
import dev.tollgate.launcher.command.UpCommand;
import dev.tollgate.launcher.command.ValidateCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code ./tollgate} command line. */
public final class Tollgate {
  private static final String USAGE =
      """
      usage: ./tollgate <command> [options]

        up [--config FILE]              start a Kafka broker, every service and the simulator on this machine
        validate FILE                   check a configuration file; every problem with its line; exit 1 if any
        apply FILE --bootstrap H:P      publish a configuration file to tollgate.config (changes only)
        hash-key [KEY]                  print the hash to store for a virtual key (reads stdin without KEY)
        key create ID                   make a new virtual key with id ID; prints the key once and its hash
        run <service> --bootstrap H:P   run one service against an existing Kafka cluster
                                        services: %s

      options (each also read from its environment variable):
      %s""";

  private Tollgate() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.getenv(), Terminal.system()));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] argv, Map<String, String> env, Terminal terminal) {
    try {
      Args args = Args.parse(argv, env);
      List<String> words = args.positional();
      Optional<Command> command = words.isEmpty() ? Optional.empty() : command(words);
      if (command.isEmpty()) {
        terminal.err().print(usage());
        return words.isEmpty() || words.get(0).equals("help") ? 0 : 2;
      }
      return command.get().run(args, terminal);
    } catch (Args.UsageException e) {
      terminal.err().println("tollgate: " + e.getMessage());
      terminal.err().print(usage());
      return 2;
    } catch (Exception e) {
      terminal.err().println("tollgate: " + e.getMessage());
      return 1;
    }
  }

  /** The command the positional words name, if any. */
  static Optional<Command> command(List<String> words) {
    Command command =
        switch (words.get(0)) {
          case "up" -> new UpCommand();
          case "validate" -> new ValidateCommand();
          case "apply" -> new ApplyCommand();
          case "hash-key" -> new HashKeyCommand();
          case "key" -> words.size() > 1 && words.get(1).equals("create") ? new KeyCreateCommand() : null;
          case "run" -> new RunCommand();
          default -> null;
        };
    return Optional.ofNullable(command);
  }

  static String usage() {
    StringBuilder options = new StringBuilder();
    for (Option o : Option.values()) {
      options.append(String.format("  %-14s %-22s %s%n", o.flag(), o.env(), o.help()));
    }
    return String.format(USAGE, String.join(", ", ServiceCatalog.names()), options);
  }
}
