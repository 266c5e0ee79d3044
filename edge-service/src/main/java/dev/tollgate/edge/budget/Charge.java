package dev.tollgate.edge.budget;

import java.util.List;

/**
 * One admitted request's reservation in the ledgers of every budget that applies to it. The request path calls
 * exactly one of {@link #settle}, {@link #hold} or {@link #cancel}; later calls do nothing. Safe from any thread.
 */
public final class Charge {
  /** The charge of a request no budget applies to. */
  public static final Charge NONE = new Charge(null, List.of(), 0);

  private final BudgetGate gate;
  private final List<Part> parts;
  private final long reservationNanoUsd;
  private boolean done;

  Charge(BudgetGate gate, List<Part> parts, long reservationNanoUsd) {
    this.gate = gate;
    this.parts = parts;
    this.reservationNanoUsd = reservationNanoUsd;
  }

  /** The most this request may cost, reserved in each ledger. */
  public long reservationNanoUsd() {
    return reservationNanoUsd;
  }

  /** The usage event was emitted: the reservation becomes the real cost, counted until a decision covers it. */
  public void settle(long actualNanoUsd) {
    if (gate != null) {
      gate.settle(this, actualNanoUsd);
    }
  }

  /** The request ended with unknown usage: the reservation stays for the rest of its window. */
  public void hold() {
    if (gate != null) {
      gate.hold(this);
    }
  }

  /** The request never reached a provider (refused later on): the reservation goes. */
  public void cancel() {
    if (gate != null) {
      gate.cancel(this);
    }
  }

  /** Marks the charge done, under the gate's lock; false if it already was. */
  boolean finish() {
    if (done) {
      return false;
    }
    done = true;
    return true;
  }

  List<Part> parts() {
    return parts;
  }

  /** The reservation in one budget's ledger, and the window it was admitted in. */
  record Part(Ledger ledger, long windowStartMillis) {}
}
