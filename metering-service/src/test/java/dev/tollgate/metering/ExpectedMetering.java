package dev.tollgate.metering;

import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * What metering must produce for a sequence of deliveries, computed without any of its code: the price in force by
 * {@code effective_from}, the README's rounding rule with {@link BigDecimal}, the first delivery of each request id,
 * and Kafka Streams' window rule per partition: a window takes an event unless {@code windowEnd <= observed - grace},
 * where {@code observed} is the latest event time the partition's aggregation has seen since the instance started.
 */
final class ExpectedMetering {

  /** Requests, the four token kinds and nano-USD. */
  record Totals(long requests, long prompt, long completion, long cached, long reasoning, long nanoUsd) {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

    Totals plus(TokenCounts t, long nano) {
      return new Totals(requests + 1, prompt + t.prompt(), completion + t.completion(), cached + t.cachedPrompt(),
          reasoning + t.reasoning(), Math.addExact(nanoUsd, nano));
    }

    Totals plus(Totals o) {
      return new Totals(requests + o.requests, prompt + o.prompt, completion + o.completion, cached + o.cached,
          reasoning + o.reasoning, Math.addExact(nanoUsd, o.nanoUsd));
    }
  }

  private final UsageScenario scenario;
  private final Duration grace;
  private final int partitions;
  private final Set<String> seen = new HashSet<>();
  private final Map<String, Long> costs = new HashMap<>();
  private final long[] observed;
  final Map<String, Totals> hourly = new HashMap<>();
  final Map<String, Totals> daily = new HashMap<>();
  final Set<String> lateForHour = new HashSet<>();
  final Set<String> lateForDay = new HashSet<>();
  Totals ledger = Totals.ZERO;
  int duplicates;
  int dropsThisRun;

  ExpectedMetering(UsageScenario scenario, Duration grace, int partitions) {
    this.scenario = scenario;
    this.grace = grace;
    this.partitions = partitions;
    this.observed = new long[partitions];
  }

  /** A new instance starts: each window aggregation has observed nothing yet. */
  void restart() {
    java.util.Arrays.fill(observed, -1);
    dropsThisRun = 0;
  }

  void deliver(List<UsageEvent> deliveries) {
    deliveries.forEach(this::deliver);
  }

  /** The ledger's request ids so far. */
  Set<String> ledgerIds() {
    return Set.copyOf(seen);
  }

  long costOf(String requestId) {
    return costs.get(requestId);
  }

  private void deliver(UsageEvent event) {
    if (!seen.add(event.requestId())) {
      duplicates++;
      return;
    }
    long nano = cost(event);
    costs.put(event.requestId(), nano);
    ledger = ledger.plus(event.tokens(), nano);
    int p = Utils.toPositive(Utils.murmur2(event.tenant().getBytes(StandardCharsets.UTF_8))) % partitions;
    long at = event.startedAt().toEpochMilli();
    observed[p] = Math.max(observed[p], at);
    window(event, nano, ChronoUnit.HOURS, observed[p], hourly, lateForHour);
    window(event, nano, ChronoUnit.DAYS, observed[p], daily, lateForDay);
  }

  private void window(UsageEvent event, long nano, ChronoUnit unit, long observedMs, Map<String, Totals> windows,
      Set<String> late) {
    Instant start = event.startedAt().truncatedTo(unit);
    long end = start.plus(1, unit).toEpochMilli();
    if (end <= observedMs - grace.toMillis()) {
      late.add(event.requestId());
      dropsThisRun++;
      return;
    }
    String key = String.join("/", event.tenant(), event.keyId(), event.modelAlias(),
        unit == ChronoUnit.HOURS ? "hour" : "day", start.toString());
    windows.merge(key, Totals.ZERO.plus(event.tokens(), nano), Totals::plus);
  }

  private long cost(UsageEvent event) {
    List<Price> prices = scenario.pricesOf(event.modelAlias(), event.deployment());
    Price inForce = null;
    if (prices != null) {
      for (Price p : prices) {
        boolean started = p.effectiveFrom() == null || !p.effectiveFrom().isAfter(event.startedAt());
        if (started && (inForce == null || inForce.effectiveFrom() == null
            || (p.effectiveFrom() != null && p.effectiveFrom().isAfter(inForce.effectiveFrom())))) {
          inForce = p;
        }
      }
    }
    if (inForce == null) {
      return 0;
    }
    TokenCounts t = event.tokens();
    BigDecimal cachedRate = inForce.cachedInputPerMtokUsd() != null
        ? inForce.cachedInputPerMtokUsd() : inForce.inputPerMtokUsd();
    BigDecimal reasoningRate = inForce.reasoningPerMtokUsd() != null
        ? inForce.reasoningPerMtokUsd() : inForce.outputPerMtokUsd();
    BigDecimal cacheWriteRate = inForce.cacheWritePerMtokUsd() != null
        ? inForce.cacheWritePerMtokUsd() : inForce.inputPerMtokUsd();
    return item(t.prompt() - t.cachedPrompt() - t.cacheWriteTokens(), inForce.inputPerMtokUsd())
        + item(t.cachedPrompt(), cachedRate)
        + item(t.cacheWriteTokens(), cacheWriteRate)
        + item(t.completion() - t.reasoning(), inForce.outputPerMtokUsd())
        + item(t.reasoning(), reasoningRate);
  }

  /** tokens × USD per million × 1e9 / 1e6, to the nearest nano-USD, ties to even. */
  private static long item(long tokens, BigDecimal usdPerMillion) {
    return new BigDecimal(tokens).multiply(usdPerMillion).multiply(new BigDecimal(1_000))
        .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }
}
