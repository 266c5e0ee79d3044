package dev.tollgate.routing;

import static dev.tollgate.routing.RoutingDriver.deployment;
import static dev.tollgate.routing.RoutingDriver.model;
import static dev.tollgate.routing.RoutingDriver.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.Outcome;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingTopologyTest {

  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration TICK = Duration.ofSeconds(1);

  @TempDir Path stateDir;
  private RoutingDriver routing;

  @BeforeEach
  void start() {
    routing = new RoutingDriver(stateDir, START);
  }

  @AfterEach
  void stop() {
    routing.close();
  }

  @Test
  void shouldPublishTheConfiguredDeploymentsOfAnAliasClosedAndPriced() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.PRIORITY, deployment("a", "m-a", 3, "2.50", "10")));

    RouteCandidate candidate = routing.only("chat");

    assertEquals("a", candidate.deployment());
    assertEquals("m-a", candidate.upstreamModel());
    assertEquals(3, candidate.weight());
    assertEquals(CircuitState.CLOSED, candidate.health().state());
    assertEquals(new BigDecimal("2.50"), candidate.price().inputPerMtokUsd());
    assertNull(candidate.baseUrl());
    assertEquals(RouteStrategy.PRIORITY, routing.table("chat").strategy());
  }

  @Test
  void shouldOpenAfterConsecutiveFailuresHalfOpenAfterTheCooldownAndCloseAfterSuccesses() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 3, "1", "1")));

    for (int i = 0; i < 5; i++) {
      routing.failure("chat", "m-a");
    }
    RouteCandidate open = routing.only("chat");
    assertEquals(CircuitState.OPEN, open.health().state());
    assertEquals(START.plusSeconds(30), open.health().cooldownUntil());
    assertEquals(0, open.weight());

    routing.advance(Duration.ofSeconds(29));
    assertEquals(CircuitState.OPEN, routing.only("chat").health().state());
    routing.advance(TICK);
    RouteCandidate halfOpen = routing.only("chat");
    assertEquals(CircuitState.HALF_OPEN, halfOpen.health().state());
    assertEquals(1, halfOpen.weight());

    routing.success("chat", "m-a", 100, 10L);
    routing.success("chat", "m-a", 100, 10L);
    assertEquals(CircuitState.HALF_OPEN, routing.only("chat").health().state());
    routing.success("chat", "m-a", 100, 10L);
    RouteCandidate closed = routing.only("chat");
    assertEquals(CircuitState.CLOSED, closed.health().state());
    assertEquals(3, closed.weight());
    assertEquals(0, closed.health().errorRateBasisPoints());
    assertNull(closed.health().cooldownUntil());
  }

  @Test
  void shouldReopenWithADoubledCooldownOnAFailureWhileHalfOpen() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 1, "1", "1")));
    for (int i = 0; i < 5; i++) {
      routing.failure("chat", "m-a");
    }
    routing.advance(Duration.ofSeconds(30));
    assertEquals(CircuitState.HALF_OPEN, routing.only("chat").health().state());

    routing.failure("chat", "m-a");

    RouteCandidate reopened = routing.only("chat");
    assertEquals(CircuitState.OPEN, reopened.health().state());
    assertEquals(routing.now().plusSeconds(60), reopened.health().cooldownUntil());
  }

  @Test
  void shouldOpenOnTheErrorRateWithoutFiveFailuresInARow() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 1, "1", "1")));

    for (int i = 0; i < 4; i++) {
      routing.failure("chat", "m-a");
      routing.success("chat", "m-a", 100, null);
    }
    routing.failure("chat", "m-a");
    assertEquals(CircuitState.CLOSED, routing.only("chat").health().state());
    routing.advance(TICK);
    assertEquals(5_555, routing.only("chat").health().errorRateBasisPoints());

    routing.success("chat", "m-a", 100, null);
    routing.advance(TICK);
    assertEquals(5_000, routing.only("chat").health().errorRateBasisPoints());
    assertEquals(CircuitState.CLOSED, routing.only("chat").health().state());
    routing.failure("chat", "m-a");

    RouteCandidate open = routing.only("chat");
    assertEquals(CircuitState.OPEN, open.health().state());
    assertEquals(5_454, open.health().errorRateBasisPoints());
  }

  @Test
  void shouldNotBlameTheDeploymentForClientErrorsOrCancellations() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 1, "1", "1")));

    for (int i = 0; i < 10; i++) {
      routing.outcome("chat", "m-a", Outcome.UPSTREAM_ERROR, 400, 30, null);
      routing.outcome("chat", "m-a", Outcome.CLIENT_CANCELLED, 499, 30, null);
    }
    routing.outcome("chat", "m-a", Outcome.UPSTREAM_ERROR, 429, 30, null);
    routing.advance(TICK);

    RouteCandidate candidate = routing.only("chat");
    assertEquals(CircuitState.CLOSED, candidate.health().state());
    assertEquals(10_000, candidate.health().errorRateBasisPoints());
  }

  @Test
  void shouldAverageLatencyAndTimeToFirstTokenWithAlphaOneFifth() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.LOWEST_LATENCY, deployment("a", "m-a", 1, "1", "1")));

    routing.success("chat", "m-a", 100, 10L);
    routing.success("chat", "m-a", 200, 20L);
    routing.success("chat", "m-a", 50, 30L);
    routing.advance(TICK);

    // latency: 100 → 100 + (200-100)/5 = 120 → 120 + (50-120)/5 = 106
    // ttft:     10 →  10 + (20-10)/5  =  12 →  12 + (30-12)/5  = 15.6, shown rounded as 16
    RouteCandidate candidate = routing.only("chat");
    assertEquals(106, candidate.health().ewmaLatencyMs());
    assertEquals(16, candidate.health().ewmaTtftMs());
  }

  @Test
  void shouldPublishHealthChangesAtMostOncePerIntervalUnlessTheCircuitChanges() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 1, "1", "1")));
    int before = routing.published().size();

    for (int i = 0; i < 20; i++) {
      routing.success("chat", "m-a", 100 + i, null);
    }
    assertEquals(before, routing.published().size());
    routing.advance(TICK);

    assertEquals(before + 1, routing.published().size());
    assertEquals(115, routing.only("chat").health().ewmaLatencyMs());
  }

  @Test
  void shouldRecomputeTheTableWhenAnApplyChangesTheModelButNotBeforeItsMarker() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 1, "1", "1")));

    routing.unmarked(model("chat", RouteStrategy.CHEAPEST,
        deployment("a", "m-a", 1, "1", "1"), deployment("b", "m-b", 5, "0.5", "0.5")));
    assertEquals(1, routing.table("chat").candidates().size());
    routing.apply();

    RouteTable table = routing.table("chat");
    assertEquals(RouteStrategy.CHEAPEST, table.strategy());
    assertEquals(List.of("b", "a"), table.candidates().stream().map(RouteCandidate::deployment).toList());
  }

  @Test
  void shouldRemoveAnAliasWhenItsModelIsDeleted() {
    routing.apply(provider("sim"), model("chat", RouteStrategy.WEIGHTED, deployment("a", "m-a", 1, "1", "1")));
    assertNotNull(routing.table("chat"));

    routing.apply(provider("sim"));
    assertNotNull(routing.table("chat"));
    routing.delete("model/chat");
    routing.apply();

    assertNull(routing.table("chat"));
  }

  @Test
  void shouldExpireARegistrationThatStopsHeartbeating() {
    ProviderRegistration registration = routing.registration("box", "llama", "llama3.1:8b", 10);
    routing.register(registration);
    RouteCandidate candidate = routing.only("llama");
    assertEquals("registry/box", candidate.deployment());
    assertEquals("http://10.0.0.7:8000/v1", candidate.baseUrl());
    assertEquals(4, candidate.weight());

    routing.advance(Duration.ofSeconds(6));
    routing.register(registration.renewedAt(routing.now()));
    routing.advance(Duration.ofSeconds(6));
    assertNotNull(routing.table("llama"));
    routing.advance(Duration.ofSeconds(4));

    assertNull(routing.table("llama"));
    TestRecord<String, ProviderRegistration> tombstone = routing.registrationRecords().get(0);
    assertEquals("box", tombstone.key());
    assertNull(tombstone.value());
    assertEquals(START.plusSeconds(6).toString(), RoutingDriver.expiredRenewal(tombstone));
  }

  @Test
  void shouldKeepARegistrationRenewedAfterItsExpiryWasDecided() {
    ProviderRegistration registration = routing.registration("box", "llama", "llama3.1:8b", 10);
    routing.register(registration);
    routing.advance(Duration.ofSeconds(9));
    routing.register(registration.renewedAt(routing.now()));

    routing.pipeRegistrationTombstone("box", START.toString());

    assertNotNull(routing.table("llama"));
    List<TestRecord<String, ProviderRegistration>> written = routing.registrationRecords();
    assertEquals(routing.now(), written.get(written.size() - 1).value().renewedAt());
  }

  @Test
  void shouldTombstoneARegistrationReadAfterItLapsed() {
    ProviderRegistration stale = routing.registration("box", "llama", "llama3.1:8b", 10);
    routing.advance(Duration.ofSeconds(20));

    routing.register(stale);

    assertNull(routing.table("llama"));
    TestRecord<String, ProviderRegistration> tombstone = routing.registrationRecords().get(0);
    assertNull(tombstone.value());
    assertEquals(START.toString(), RoutingDriver.expiredRenewal(tombstone));
  }

  @Test
  void shouldListRegisteredProvidersNextToConfiguredDeployments() {
    routing.apply(provider("sim"), model("llama", RouteStrategy.CHEAPEST, deployment("a", "m-a", 1, "1", "1")));

    routing.register(routing.registration("box", "llama", "llama3.1:8b", 30));

    RouteTable table = routing.table("llama");
    assertEquals(List.of("registry/box", "a"), table.candidates().stream().map(RouteCandidate::deployment).toList());
    assertTrue(table.candidates().stream().allMatch(c -> c.price() != null));
  }
}
