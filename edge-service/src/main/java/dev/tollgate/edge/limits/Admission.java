package dev.tollgate.edge.limits;

/**
 * The answer of {@link LimitGate#admit}: a {@link Permit} to go ahead, or a {@link Refusal} saying which limit was
 * hit and when to come back.
 */
public sealed interface Admission permits Permit, Refusal {
  /** Whether the request may proceed; if so this is a {@link Permit}. */
  boolean admitted();
}
