package dev.tollgate.edge.limits;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tollgate.schemas.config.Limits;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shorthands for the limits tests. */
final class LimitFixtures {
  static final Limits NONE = Limits.UNLIMITED;

  private LimitFixtures() {}

  static Limits rpm(long perMinute) {
    return new Limits(perMinute, null, null);
  }

  static Limits tpm(long perMinute) {
    return new Limits(null, perMinute, null);
  }

  static Limits concurrent(int atOnce) {
    return new Limits(null, null, atOnce);
  }

  static Permit permit(Admission admission) {
    return assertInstanceOf(Permit.class, admission, () -> "refused: " + admission);
  }

  static Refusal refusal(Admission admission) {
    return assertInstanceOf(Refusal.class, admission, "admitted but should have been refused");
  }

  static Map<String, String> headers(RateLimitHeaders headers) {
    Map<String, String> all = new LinkedHashMap<>();
    headers.forEach(all::put);
    return all;
  }
}
