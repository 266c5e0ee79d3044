package dev.tollgate.launcher;

import java.io.PrintStream;

/** What the launcher says to the person at the terminal: results on stdout, problems on stderr. */
public record Terminal(PrintStream out, PrintStream err) {
  /** The process's own terminal. */
  public static Terminal system() {
    return new Terminal(System.out, System.err);
  }

  /** A step that finished: {@code ✓ what (1.2 s)}. */
  public void done(String what, long startedNanos) {
    out.printf("  ✓ %-58s %5.1f s%n", what, (System.nanoTime() - startedNanos) / 1e9);
    out.flush();
  }

  /** A step that is starting and may take a while. */
  public void step(String what) {
    out.printf("  … %s%n", what);
    out.flush();
  }
}
