package dev.tollgate.edge.limits;

import static dev.tollgate.edge.limits.LimitFixtures.NONE;
import static dev.tollgate.edge.limits.LimitFixtures.headers;
import static dev.tollgate.edge.limits.LimitFixtures.permit;
import static dev.tollgate.edge.limits.LimitFixtures.refusal;
import static dev.tollgate.edge.limits.LimitFixtures.rpm;
import static dev.tollgate.edge.limits.LimitFixtures.tpm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.Limits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private final ManualClock clock = new ManualClock();
  private final LimitGate gate = LimitGate.create(AdmissionBound.unbounded(), clock, 1_000);

  @Test
  void shouldSendAllSixHeadersWithGoDurationResets() {
    Limits limits = new Limits(60L, 1_000L, null);

    Permit permit = permit(gate.admit("k", limits, "t", NONE, 150));

    assertEquals(
        Map.of(
            "x-ratelimit-limit-requests", "60",
            "x-ratelimit-remaining-requests", "59",
            "x-ratelimit-reset-requests", "1s",
            "x-ratelimit-limit-tokens", "1000",
            "x-ratelimit-remaining-tokens", "850",
            "x-ratelimit-reset-tokens", "9s"),
        headers(permit.headers()));
  }

  @Test
  void shouldRoundResetsUpToTheMillisecond() {
    Permit permit = permit(gate.admit("k", tpm(1_000_000), "t", rpm(7), 1));

    // one token at a million a minute refills in 60 µs; one of 7 requests a minute in 8.571428571 s
    assertEquals("1ms", headers(permit.headers()).get(RateLimitHeaders.RESET_TOKENS));
    assertEquals("8.572s", headers(permit.headers()).get(RateLimitHeaders.RESET_REQUESTS));
  }

  @Test
  void shouldWriteLongResetsInMinutes() {
    for (int i = 0; i < 6; i++) {
      permit(gate.admit("k", rpm(10), "t", NONE, 0)).release();
    }

    Refusal refusal = refusal(gate.admit("k", rpm(1), "t", NONE, 0));

    // 6 used of a new limit of 1 a minute: six minutes until full
    assertEquals("6m0s", headers(refusal.headers()).get(RateLimitHeaders.RESET_REQUESTS));
  }

  @Test
  void shouldReportTheScopeWithLessLeftForEachFigure() {
    Limits key = new Limits(10L, null, null);
    Limits tenant = new Limits(100L, 5_000L, null);

    Permit permit = permit(gate.admit("k", key, "t", tenant, 1_000));
    Permit roomyKey = permit(gate.admit("roomy", rpm(1_000), "t", tenant, 0));

    assertEquals(10, permit.headers().limitRequests());
    assertEquals(9, permit.headers().remainingRequests());
    assertEquals(5_000, permit.headers().limitTokens());
    assertEquals(4_000, permit.headers().remainingTokens());
    assertEquals(100, roomyKey.headers().limitRequests());
    assertEquals(98, roomyKey.headers().remainingRequests());
  }

  @Test
  void shouldPreferTheLongerResetWhenBothScopesHaveTheSameLeft() {
    for (int i = 0; i < 10; i++) {
      permit(gate.admit("other", NONE, "t", rpm(20), 0)).release();
    }

    Permit permit = permit(gate.admit("k", rpm(10), "t", rpm(20), 0));

    // 9 left in both: the key is full again in 6 s, the tenant (11 used at 3 s each) only in 33 s
    assertEquals(9, permit.headers().remainingRequests());
    assertEquals(20, permit.headers().limitRequests());
    assertEquals("33s", headers(permit.headers()).get(RateLimitHeaders.RESET_REQUESTS));
  }

  @Test
  void shouldLeaveOutTheFiguresNoScopeLimits() {
    Permit tokensOnly = permit(gate.admit("k", NONE, "t", tpm(100), 10));
    Permit unlimited = permit(gate.admit("free", NONE, "free-tenant", NONE, 10));

    assertEquals(
        Map.of(
            "x-ratelimit-limit-tokens", "100",
            "x-ratelimit-remaining-tokens", "90",
            "x-ratelimit-reset-tokens", "6s"),
        headers(tokensOnly.headers()));
    assertTrue(unlimited.headers().isEmpty());
    assertTrue(headers(unlimited.headers()).isEmpty());
  }

  @Test
  void shouldGiveA429AllItsHeadersAndAnOpenAiStyleMessage() {
    permit(gate.admit("k", rpm(2), "t", NONE, 0));
    permit(gate.admit("k", rpm(2), "t", NONE, 0));
    clock.advance(Duration.ofMillis(500));

    Refusal refusal = refusal(gate.admit("k", rpm(2), "t", NONE, 0));
    Map<String, String> sent = new LinkedHashMap<>();
    refusal.forEachHeader(sent::put);

    assertEquals("requests", refusal.errorType());
    assertEquals(
        Map.of(
            "x-ratelimit-limit-requests", "2",
            "x-ratelimit-remaining-requests", "0",
            "x-ratelimit-reset-requests", "59.5s",
            "retry-after", "30",
            "retry-after-ms", "29500"),
        sent);
    assertEquals(
        "Rate limit reached for key 'k' on requests per min (RPM): Limit 2, Used 2, Requested 1. "
            + "Please try again in 29.5s.",
        refusal.message());
  }
}
