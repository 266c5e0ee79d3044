package dev.tollgate.edge.budget;

import java.util.ArrayDeque;

/**
 * What this edge has admitted against one budget that the budget's latest decision may not count yet, in nano-USD.
 * Not thread-safe: the {@link BudgetGate} guards every ledger with its lock.
 *
 * <p>An admitted request counts its reservation while it runs. Once its usage event is emitted, it counts its real
 * cost until the budget service has surely counted it too, which the gate tells by {@link #forget}. A request whose
 * usage is unknown counts its reservation until its window ends: the budget service will never see that cost.
 */
final class Ledger {
  /**
   * Real costs settled within this span of each other share one entry, dated by the latest: memory stays bounded
   * (a few entries a second) even when no decision arrives for hours, at the price of forgetting a cost up to this
   * much later than it could be.
   */
  static final long BUCKET_MILLIS = 1_000;

  // [first settled at, last settled at, amount]
  private final ArrayDeque<long[]> settled = new ArrayDeque<>();
  // [window start, amount]
  private final ArrayDeque<long[]> held = new ArrayDeque<>();
  private long inFlight;
  private long settledSum;
  private long heldSum;

  /** Everything this ledger still counts. */
  long admitted() {
    return Math.addExact(inFlight, Math.addExact(settledSum, heldSum));
  }

  void reserve(long reservation) {
    inFlight = Math.addExact(inFlight, reservation);
  }

  /** The request never ran. */
  void cancel(long reservation) {
    inFlight -= reservation;
  }

  /** The request's usage event left the edge at {@code atMillis}, costing {@code actual}. */
  void settle(long reservation, long actual, long atMillis) {
    inFlight -= reservation;
    if (actual == 0) {
      return;
    }
    long[] last = settled.peekLast();
    if (last != null && atMillis >= last[0] && atMillis - last[0] < BUCKET_MILLIS) {
      last[1] = Math.max(last[1], atMillis);
      last[2] = Math.addExact(last[2], actual);
    } else {
      settled.addLast(new long[] {atMillis, atMillis, actual});
    }
    settledSum = Math.addExact(settledSum, actual);
  }

  /** The request ended with unknown usage: its reservation stays until the window it was admitted in ends. */
  void hold(long reservation, long windowStartMillis) {
    inFlight -= reservation;
    long[] last = held.peekLast();
    if (last != null && last[0] == windowStartMillis) {
      last[1] = Math.addExact(last[1], reservation);
    } else {
      held.addLast(new long[] {windowStartMillis, reservation});
    }
    heldSum = Math.addExact(heldSum, reservation);
  }

  /**
   * Stops counting what the current decision covers: real costs settled at or before {@code coveredUntilMillis},
   * and held reservations of windows before {@code windowStartMillis}.
   */
  void forget(long coveredUntilMillis, long windowStartMillis) {
    // settled in settlement order, so by time: the covered ones are at the head
    while (!settled.isEmpty() && settled.peekFirst()[1] <= coveredUntilMillis) {
      settledSum -= settled.removeFirst()[2];
    }
    while (!held.isEmpty() && held.peekFirst()[0] < windowStartMillis) {
      heldSum -= held.removeFirst()[1];
    }
  }

  /** How many entries the ledger keeps, for tests of its memory bound. */
  int entries() {
    return settled.size() + held.size();
  }
}
