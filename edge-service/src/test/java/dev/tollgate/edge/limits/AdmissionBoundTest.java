package dev.tollgate.edge.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdmissionBoundTest {
  @Test
  void shouldRefuseAtOnceWhenFullAndAdmitAgainAfterARelease() {
    AdmissionBound bound = AdmissionBound.of(2);
    assertTrue(bound.tryAcquire());
    assertTrue(bound.tryAcquire());

    boolean third = bound.tryAcquire();
    bound.release();
    boolean afterRelease = bound.tryAcquire();

    assertFalse(third);
    assertTrue(afterRelease);
    assertEquals(2, bound.inFlight());
    assertEquals(2, bound.maxInFlight());
  }

  @Test
  void shouldRefuseToReleaseASlotNobodyTook() {
    AdmissionBound bound = AdmissionBound.unbounded();

    assertThrows(IllegalStateException.class, bound::release);

    assertEquals(0, bound.inFlight());
  }

  @Test
  void shouldRejectABoundBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> AdmissionBound.of(0));
  }
}
