package dev.tollgate.schemas;

import dev.tollgate.schemas.budget.BudgetAlert;
import dev.tollgate.schemas.budget.BudgetDecision;
import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.Cost;
import dev.tollgate.schemas.usage.Endpoint;
import dev.tollgate.schemas.usage.Granularity;
import dev.tollgate.schemas.usage.Outcome;
import dev.tollgate.schemas.usage.PricedUsage;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import dev.tollgate.schemas.usage.UsageRollup;
import dev.tollgate.schemas.usage.UsageSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Realistic and edge-case values of every record that crosses a topic, for contract tests here and in the services
 * (through the test-jar). Edge cases leave optional fields null and lists empty. The config entities are in
 * {@link ConfigSamples}.
 */
public final class RecordSamples {

  /** Time of the sample request; nanoseconds included, to prove they survive the wire. */
  public static final Instant STARTED_AT = Instant.parse("2026-03-01T12:34:56.123456789Z");

  /**
   * One sample value.
   *
   * @param name a short description, shown as the test's name
   * @param type the value type of the topic the sample travels on
   * @param value the sample
   * @param <T> the value type
   */
  public record Sample<T>(String name, Class<T> type, T value) {
    @Override
    public String toString() {
      return name;
    }
  }

  private RecordSamples() {}

  /**
   * Every sample, at least a realistic one and an edge case per topic value type.
   *
   * @return all samples
   */
  public static List<Sample<?>> all() {
    List<Sample<?>> all = new ArrayList<>(events());
    all.addAll(ConfigSamples.all());
    return List.copyOf(all);
  }

  private static List<Sample<?>> events() {
    return List.of(
        new Sample<>("usage event, streamed with provider usage", UsageEvent.class, usageEvent()),
        new Sample<>("usage event, rejected before any upstream", UsageEvent.class, rejectedUsageEvent()),
        new Sample<>("priced usage", PricedUsage.class, pricedUsage()),
        new Sample<>("priced usage, unpriced", PricedUsage.class, unpricedUsage()),
        new Sample<>("usage rollup, hourly", UsageRollup.class, usageRollup()),
        new Sample<>("usage rollup, empty day", UsageRollup.class, emptyDailyRollup()),
        new Sample<>("budget decision, warn on a key", BudgetDecision.class, budgetDecision()),
        new Sample<>("budget decision, block on a tenant", BudgetDecision.class, blockingDecision()),
        new Sample<>("budget alert, key and model", BudgetAlert.class, budgetAlert()),
        new Sample<>("budget alert, tenant at 100%", BudgetAlert.class, tenantAlert()),
        new Sample<>("route table, one candidate cooling down", RouteTable.class, routeTable()),
        new Sample<>("route table, empty", RouteTable.class, emptyRouteTable()),
        new Sample<>("route table, a registered provider", RouteTable.class, registeredRouteTable()),
        new Sample<>("provider registration, two models", ProviderRegistration.class, providerRegistration()),
        new Sample<>("provider registration, free and renewed", ProviderRegistration.class, freeRegistration()));
  }

  /**
   * The value types that have samples.
   *
   * @return the distinct {@link Sample#type()}s
   */
  public static Set<Class<?>> types() {
    return all().stream().map(Sample::type).collect(Collectors.toSet());
  }

  /**
   * A streamed chat completion with usage from the provider.
   *
   * @return the event
   */
  public static UsageEvent usageEvent() {
    return new UsageEvent(
        UsageEvent.CURRENT_SCHEMA_VERSION,
        "req-01HQ7Z3J8X",
        "acme",
        "k1",
        Endpoint.CHAT_COMPLETIONS,
        "gpt-4o",
        "openai",
        "openai-gpt-4o",
        "gpt-4o-2024-08-06",
        2,
        new TokenCounts(1200, 350, 1024, 0),
        UsageSource.PROVIDER,
        Outcome.OK,
        200,
        true,
        STARTED_AT,
        STARTED_AT.plusMillis(2150),
        2150,
        380L,
        "edge-1");
  }

  /**
   * A request the budget gate refused: no upstream, no tokens.
   *
   * @return the event
   */
  public static UsageEvent rejectedUsageEvent() {
    return new UsageEvent(
        UsageEvent.CURRENT_SCHEMA_VERSION,
        "req-01HQ7Z3J8Y",
        "acme",
        "k1",
        Endpoint.EMBEDDINGS,
        "text-embedding-3-small",
        null,
        null,
        null,
        0,
        TokenCounts.ZERO,
        UsageSource.ESTIMATED,
        Outcome.REJECTED,
        429,
        false,
        STARTED_AT,
        STARTED_AT,
        0,
        null,
        "edge-2");
  }

  /**
   * The price of the sample deployment: 2.50 USD in, 10 USD out, 1.25 USD cached, per million tokens.
   *
   * @return the price
   */
  public static Price price() {
    return new Price(
        Instant.parse("2026-01-01T00:00:00Z"),
        new BigDecimal("2.50"),
        new BigDecimal("10.00"),
        new BigDecimal("1.25"),
        null);
  }

  /**
   * {@link #usageEvent()} priced at {@link #price()}.
   *
   * @return the ledger line
   */
  public static PricedUsage pricedUsage() {
    // 176 uncached input tokens at 2.50, 350 output at 10.00, 1024 cached at 1.25 (USD per million)
    return new PricedUsage(
        PricedUsage.CURRENT_SCHEMA_VERSION,
        usageEvent(),
        price(),
        new Cost(440_000, 3_500_000, 1_280_000, 0),
        false,
        STARTED_AT.plusSeconds(3));
  }

  /**
   * {@link #rejectedUsageEvent()} in the ledger: unpriced, free.
   *
   * @return the ledger line
   */
  public static PricedUsage unpricedUsage() {
    return new PricedUsage(
        PricedUsage.CURRENT_SCHEMA_VERSION, rejectedUsageEvent(), null, Cost.ZERO, true, STARTED_AT.plusSeconds(1));
  }

  /**
   * The hour of the sample request.
   *
   * @return the rollup
   */
  public static UsageRollup usageRollup() {
    Instant hour = Granularity.HOUR.windowStart(STARTED_AT);
    return new UsageRollup(
        UsageRollup.CURRENT_SCHEMA_VERSION,
        "acme",
        "k1",
        "gpt-4o",
        Granularity.HOUR,
        hour,
        hour.plus(Granularity.HOUR.length()),
        17,
        new TokenCounts(20_400, 5_950, 17_408, 1_200, 2_048L),
        // 944 uncached and 2048 cache-written prompt tokens, both at the input rate (no cache-write rate)
        new Cost(2_360_000, 59_500_000, 21_760_000, 12_000_000, 5_120_000L));
  }

  /**
   * A day with nothing in it.
   *
   * @return the rollup
   */
  public static UsageRollup emptyDailyRollup() {
    Instant day = Granularity.DAY.windowStart(STARTED_AT);
    return new UsageRollup(
        UsageRollup.CURRENT_SCHEMA_VERSION,
        "acme",
        "k2",
        "claude-sonnet",
        Granularity.DAY,
        day,
        day.plus(Granularity.DAY.length()),
        0,
        TokenCounts.ZERO,
        Cost.ZERO);
  }

  /**
   * A key at 85% of a soft monthly budget of 100 USD.
   *
   * @return the decision
   */
  public static BudgetDecision budgetDecision() {
    return new BudgetDecision(
        BudgetDecision.CURRENT_SCHEMA_VERSION,
        "acme-k1-monthly",
        new BudgetScope("acme", "k1", null),
        Verdict.WARN,
        BudgetMode.SOFT,
        85_000_000_000L,
        100_000_000_000L,
        15_000_000_000L,
        Instant.parse("2026-03-01T00:00:00Z"),
        Instant.parse("2026-04-01T00:00:00Z"),
        STARTED_AT);
  }

  /**
   * A tenant past its hard daily budget.
   *
   * @return the decision
   */
  public static BudgetDecision blockingDecision() {
    return new BudgetDecision(
        BudgetDecision.CURRENT_SCHEMA_VERSION,
        "acme-daily",
        new BudgetScope("acme", null, null),
        Verdict.BLOCK,
        BudgetMode.HARD,
        10_000_000_123L,
        10_000_000_000L,
        0,
        Instant.parse("2026-03-01T00:00:00Z"),
        Instant.parse("2026-03-02T00:00:00Z"),
        STARTED_AT);
  }

  /**
   * The 80% threshold of a key's budget for one model.
   *
   * @return the alert
   */
  public static BudgetAlert budgetAlert() {
    Instant windowStart = Instant.parse("2026-03-01T00:00:00Z");
    return new BudgetAlert(
        BudgetAlert.CURRENT_SCHEMA_VERSION,
        BudgetAlert.alertId("acme-k1-gpt4o", windowStart, 80),
        "acme-k1-gpt4o",
        new BudgetScope("acme", "k1", "gpt-4o"),
        80,
        40_000_000_001L,
        50_000_000_000L,
        windowStart,
        Instant.parse("2026-04-01T00:00:00Z"),
        STARTED_AT);
  }

  /**
   * A tenant's budget fully spent.
   *
   * @return the alert
   */
  public static BudgetAlert tenantAlert() {
    Instant windowStart = Instant.parse("2026-03-01T00:00:00Z");
    return new BudgetAlert(
        BudgetAlert.CURRENT_SCHEMA_VERSION,
        BudgetAlert.alertId("acme-daily", windowStart, 100),
        "acme-daily",
        new BudgetScope("acme", null, null),
        100,
        10_000_000_000L,
        10_000_000_000L,
        windowStart,
        Instant.parse("2026-03-02T00:00:00Z"),
        STARTED_AT);
  }

  /**
   * Two deployments of gpt-4o, the Azure one cooling down after errors.
   *
   * @return the table
   */
  public static RouteTable routeTable() {
    return new RouteTable(
        RouteTable.CURRENT_SCHEMA_VERSION,
        "gpt-4o",
        RouteStrategy.WEIGHTED,
        List.of(
            new RouteCandidate(
                "openai-gpt-4o",
                "openai",
                "gpt-4o-2024-08-06",
                3,
                0,
                new DeploymentHealth(CircuitState.CLOSED, 120, 2_300, 410, null),
                new Price(null, new BigDecimal("2.50"), new BigDecimal("10.00"), new BigDecimal("1.25"), null),
                null),
            new RouteCandidate(
                "azure-gpt-4o",
                "azure",
                "gpt-4o",
                1,
                1,
                new DeploymentHealth(CircuitState.OPEN, 6_500, 9_800, 3_100, STARTED_AT.plusSeconds(30)),
                null,
                null)),
        List.of("gpt-4o-mini"),
        STARTED_AT);
  }

  /**
   * A model alias with no deployment left.
   *
   * @return the table
   */
  public static RouteTable emptyRouteTable() {
    return new RouteTable(
        RouteTable.CURRENT_SCHEMA_VERSION, "retired-model", RouteStrategy.PRIORITY, null, null, STARTED_AT);
  }

  /**
   * A model alias served by one self-registered provider, half-open.
   *
   * @return the table
   */
  public static RouteTable registeredRouteTable() {
    return new RouteTable(
        RouteTable.CURRENT_SCHEMA_VERSION,
        "tier/meta/llama-3.1-8b",
        RouteStrategy.CHEAPEST,
        List.of(
            new RouteCandidate(
                "registry/gpu-box-7",
                "gpu-box-7",
                "meta-llama/Llama-3.1-8B-Instruct",
                1,
                0,
                new DeploymentHealth(CircuitState.HALF_OPEN, 5_000, 800, 120, null),
                new Price(null, new BigDecimal("0.05"), new BigDecimal("0.08"), null, null),
                "http://10.0.0.7:8000/v1")),
        List.of(),
        STARTED_AT);
  }

  /**
   * A self-hosted provider serving two aliases.
   *
   * @return the registration
   */
  public static ProviderRegistration providerRegistration() {
    return new ProviderRegistration(
        ProviderRegistration.CURRENT_SCHEMA_VERSION,
        "gpu-box-7",
        "http://10.0.0.7:8000/v1",
        ProviderRegistration.OPENAI_COMPATIBLE,
        Map.of("tier/meta/llama-3.1-8b", "meta-llama/Llama-3.1-8B-Instruct", "llama-small", "llama3.1:8b"),
        new BigDecimal("0.05"),
        new BigDecimal("0.08"),
        16,
        30,
        STARTED_AT,
        STARTED_AT);
  }

  /**
   * A free provider, renewed once.
   *
   * @return the registration
   */
  public static ProviderRegistration freeRegistration() {
    return new ProviderRegistration(
        ProviderRegistration.CURRENT_SCHEMA_VERSION,
        "laptop",
        "http://127.0.0.1:11434/v1",
        ProviderRegistration.OPENAI_COMPATIBLE,
        Map.of("llama-small", "llama3.1:8b"),
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        1,
        1,
        STARTED_AT,
        STARTED_AT.plusSeconds(1));
  }
}
