package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.schemas.config.VirtualKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./tollgate hash-key [KEY]}: the {@code secret_hash} to store for a key. Reading the key from stdin keeps
 * it out of shell history.
 */
public final class HashKeyCommand implements Command {
  @Override
  public int run(Args args, Terminal terminal) throws Exception {
    String presented = args.positional().size() > 1 ? args.positional().get(1) : readLine();
    VirtualKey key = VirtualKey.parse(presented == null ? null : presented.trim())
        .orElseThrow(() -> new Args.UsageException(
            "that is not a Tollgate key (tg-<id>.<43 characters>); make one with ./tollgate key create ID"));
    terminal.out().println(key.hash());
    return 0;
  }

  private static String readLine() throws Exception {
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }
}
