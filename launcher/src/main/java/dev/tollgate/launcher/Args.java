package dev.tollgate.launcher;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command line: positional words and {@link Option}s, with the environment as fallback for options. */
public final class Args {
  private final List<String> positional;
  private final Map<Option, String> flags;
  private final Map<String, String> env;

  private Args(List<String> positional, Map<Option, String> flags, Map<String, String> env) {
    this.positional = List.copyOf(positional);
    this.flags = Map.copyOf(flags);
    this.env = Map.copyOf(env);
  }

  /** Parses {@code argv}; an unknown flag or a flag without a value is a {@link UsageException}. */
  public static Args parse(String[] argv, Map<String, String> env) {
    List<String> positional = new ArrayList<>();
    Map<Option, String> flags = new EnumMap<>(Option.class);
    for (int i = 0; i < argv.length; i++) {
      String word = argv[i];
      if (!word.startsWith("--")) {
        positional.add(word);
        continue;
      }
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      Option option = Option.byFlag(name).orElseThrow(() -> new UsageException("unknown option " + name));
      if (word.contains("=")) {
        flags.put(option, word.substring(word.indexOf('=') + 1));
      } else if (i + 1 < argv.length) {
        flags.put(option, argv[++i]);
      } else {
        throw new UsageException(name + " needs a value");
      }
    }
    return new Args(positional, flags, env);
  }

  /** The positional words, the command first. */
  public List<String> positional() {
    return positional;
  }

  /** The option's value from the command line, else from its environment variable. */
  public Optional<String> get(Option option) {
    String value = flags.containsKey(option) ? flags.get(option) : env.get(option.env());
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  /** The option's value, or {@code fallback}. */
  public String get(Option option, String fallback) {
    return get(option).orElse(fallback);
  }

  /** The option as a port number, or {@code fallback}. */
  public int port(Option option, int fallback) {
    String value = get(option, Integer.toString(fallback));
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException(option.flag() + " must be a port number (0-65535), got '" + value + "'");
    }
  }

  /** The value of an environment variable that is not an option (such as the dev key). */
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  /** A command line the user got wrong: printed with the usage, exit code 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
