package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.schemas.config.VirtualKey;

/** {@code ./tollgate key create ID}: a new key, shown once, and the config entry that stores only its hash. */
public final class KeyCreateCommand implements Command {
  @Override
  public int run(Args args, Terminal terminal) {
    if (args.positional().size() != 3) {
      throw new Args.UsageException("key create takes exactly one ID");
    }
    String id = args.positional().get(2);
    if (!VirtualKey.ID.matcher(id).matches()) {
      throw new Args.UsageException("a key id must match " + VirtualKey.ID.pattern());
    }
    VirtualKey key = VirtualKey.generate(id);
    terminal.out().println("key:  " + key.reveal());
    terminal.out().println("(shown once: Tollgate stores only its hash)");
    terminal.out().println();
    terminal.out().println("keys:");
    terminal.out().println("  - id: " + id);
    terminal.out().println("    tenant: <tenant id>");
    terminal.out().println("    secret_hash: " + key.hash());
    terminal.out().println("    scopes: [chat, completions, embeddings, models]");
    return 0;
  }
}
