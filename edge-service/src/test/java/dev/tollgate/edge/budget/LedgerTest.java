package dev.tollgate.edge.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One budget's ledger: what it counts, what a decision makes it forget, and its memory bound. */
class LedgerTest {
  @Test
  void shouldKeepOneEntryPerSecondOfSettlementsHoweverMany() {
    Ledger ledger = new Ledger();
    for (int i = 0; i < 10_000; i++) {
      ledger.reserve(10);
      ledger.settle(10, 3, 1_000_000 + i / 10);
    }

    assertEquals(30_000, ledger.admitted());
    assertEquals(1, ledger.entries());
  }

  @Test
  void shouldForgetASecondOfSettlementsOnlyOnceItsLatestIsCovered() {
    Ledger ledger = new Ledger();
    ledger.reserve(10);
    ledger.settle(10, 4, 1_000);
    ledger.reserve(10);
    ledger.settle(10, 5, 1_900);
    ledger.reserve(10);
    ledger.settle(10, 6, 2_000);

    ledger.forget(1_899, 0);
    long partlyCovered = ledger.admitted();
    ledger.forget(1_900, 0);
    long firstSecondCovered = ledger.admitted();

    assertEquals(15, partlyCovered);
    assertEquals(6, firstSecondCovered);
  }

  @Test
  void shouldHoldUnknownUsageUntilItsWindowIsOver() {
    Ledger ledger = new Ledger();
    ledger.reserve(7);
    ledger.hold(7, 100);
    ledger.reserve(8);
    ledger.hold(8, 100);
    ledger.reserve(9);

    ledger.forget(Long.MAX_VALUE, 100);
    long sameWindow = ledger.admitted();
    ledger.forget(Long.MAX_VALUE, 200);

    assertEquals(24, sameWindow, "held amounts and the reservation in flight");
    assertEquals(9, ledger.admitted(), "a reservation in flight is never forgotten");
    assertEquals(0, ledger.entries());
  }
}
