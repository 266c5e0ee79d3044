package dev.tollgate.edge.limits;

/** A monotonic time source in nanoseconds, injectable so that tests move time by hand instead of sleeping. */
@FunctionalInterface
public interface NanoClock {
  /** The current time in nanoseconds from an arbitrary origin; only differences mean anything. */
  long nanoTime();

  /** {@link System#nanoTime()}. */
  static NanoClock system() {
    return System::nanoTime;
  }
}
