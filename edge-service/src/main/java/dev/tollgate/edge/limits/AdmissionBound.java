package dev.tollgate.edge.limits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edge's global bound on requests in flight: past {@code maxInFlight}, a request is refused at once (429)
 * instead of queueing behind the others, so a flood costs the edge a counter increment and not memory.
 *
 * <p>{@link LimitGate} takes a slot for every request it admits and its {@link Permit} gives it back; use
 * {@link #tryAcquire()} and {@link #release()} directly only for work that does not go through the gate.
 */
public final class AdmissionBound {
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  private AdmissionBound(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("the admission bound must be >= 1, got " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /** A bound of {@code maxInFlight} requests in flight. */
  public static AdmissionBound of(int maxInFlight) {
    return new AdmissionBound(maxInFlight);
  }

  /** No bound, but still counts requests in flight. */
  public static AdmissionBound unbounded() {
    return new AdmissionBound(Integer.MAX_VALUE);
  }

  /** Takes a slot if one is free; never blocks. */
  public boolean tryAcquire() {
    // A CAS loop rather than increment-then-check: a transient over-count would refuse requests that fit.
    int current;
    do {
      current = inFlight.get();
      if (current >= maxInFlight) {
        return false;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return true;
  }

  /** Gives back a slot taken by {@link #tryAcquire()}; call exactly once per slot. */
  public void release() {
    if (inFlight.getAndDecrement() <= 0) {
      inFlight.incrementAndGet();
      throw new IllegalStateException("released more admission slots than were taken");
    }
  }

  /** Requests in flight now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The bound. */
  public int maxInFlight() {
    return maxInFlight;
  }
}
