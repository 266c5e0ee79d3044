package dev.tollgate.metering;

import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.usage.TokenCounts;
import dev.tollgate.schemas.usage.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded, reproducible stream of usage deliveries across tenants, keys and models whose prices change over the
 * stream: events in time order, then disturbed as a real edge fleet disturbs them (small reorderings, events held
 * back for hours, second deliveries of the same request id), plus a few unpriced ones.
 */
final class UsageScenario {

  static final int TENANTS = 6;
  static final int KEYS = 3;

  final String run;
  final Instant base;
  final List<ModelConfig> models;
  final List<UsageEvent> distinct = new ArrayList<>();
  final List<UsageEvent> deliveries;

  private final Random random;

  /**
   * @param seed the seed of every random choice
   * @param run a suffix that makes tenants and models unique to this run
   * @param base the start of event time
   * @param events how many distinct requests
   * @param span how much event time they cover
   * @param disturbed whether to reorder, hold back and duplicate (false: time order, each once)
   */
  UsageScenario(long seed, String run, Instant base, int events, Duration span, boolean disturbed) {
    this.random = new Random(seed);
    this.run = run;
    this.base = base;
    this.models = List.of(
        MeteringFixtures.model(model(0), deployment(0),
            MeteringFixtures.price(null, "0.15", "0.60", "0.075", null),
            // cache writes at 1.25 × input from the second version on, at the input rate before
            withCacheWrite(MeteringFixtures.price(base.plus(span.multipliedBy(1).dividedBy(4)), "0.10", "0.40",
                "0.05", null), "0.125"),
            MeteringFixtures.price(base.plus(span.multipliedBy(3).dividedBy(4)), "0.12", "0.50", null, null)),
        MeteringFixtures.model(model(1), deployment(1),
            MeteringFixtures.price(null, "2.50", "10.00", "1.25", "12.00"),
            MeteringFixtures.price(base.plus(span.dividedBy(2)), "2.00", "8.00", "1.00", "10.00")),
        MeteringFixtures.model(model(2), deployment(2),
            MeteringFixtures.price(null, "0.0025", "0.0035", null, null)));
    long spacingMs = span.toMillis() / events;
    for (int i = 0; i < events; i++) {
      Instant at = base.plusMillis(i * spacingMs + random.nextInt((int) spacingMs));
      distinct.add(newEvent(i, at));
    }
    this.deliveries = disturbed ? disturb(distinct) : new ArrayList<>(distinct);
  }

  String tenant(int t) {
    return "r" + run + "-t" + t;
  }

  String model(int m) {
    return "m" + m + "-" + run;
  }

  private String deployment(int m) {
    return "d" + m + "-" + run;
  }

  private static Price withCacheWrite(Price price, String cacheWriteRate) {
    return new Price(price.effectiveFrom(), price.inputPerMtokUsd(), price.outputPerMtokUsd(),
        price.cachedInputPerMtokUsd(), price.reasoningPerMtokUsd(), new BigDecimal(cacheWriteRate));
  }

  private UsageEvent newEvent(int i, Instant at) {
    int m = random.nextInt(3);
    // about one in a hundred events was served by a deployment the catalog does not know: priced at zero
    String deployment = random.nextInt(100) == 0 ? "d-unknown-" + run : deployment(m);
    long prompt = random.nextInt(5_000);
    long completion = random.nextInt(2_000);
    long cached = random.nextBoolean() ? random.nextLong(prompt + 1) : 0;
    long reasoning = m == 1 ? random.nextLong(completion + 1) : 0;
    // model 0 writes a third of its uncached prompt to the cache in one event of three (no extra random draw, so
    // the seeds' disturbances stay as they were)
    long cacheWrite = m == 0 && i % 3 == 0 ? (prompt - cached) / 3 : 0;
    TokenCounts tokens = new TokenCounts(prompt, completion, cached, reasoning, cacheWrite);
    return MeteringFixtures.event(run + "-" + i, tenant(random.nextInt(TENANTS)), "k" + random.nextInt(KEYS),
        model(m), deployment, at, tokens);
  }

  private List<UsageEvent> disturb(List<UsageEvent> inOrder) {
    List<UsageEvent> out = new ArrayList<>(inOrder);
    int n = out.size();
    // small reorderings, within a few positions (minutes of event time)
    for (int i = 0; i + 1 < out.size(); i++) {
      if (random.nextInt(100) < 15) {
        int j = Math.min(out.size() - 1, i + 1 + random.nextInt(5));
        out.set(i, out.set(j, out.get(i)));
      }
    }
    // events held back: delivered tens to thousands of positions (up to many hours) later
    for (int k = 0; k < n / 50; k++) {
      int from = random.nextInt(out.size());
      UsageEvent held = out.remove(from);
      out.add(Math.min(out.size(), from + 30 + random.nextInt(1_500)), held);
    }
    // second deliveries of the same request id: a producer retry (next) or a spool replay (later)
    for (int k = 0; k < n / 12; k++) {
      int from = random.nextInt(out.size());
      out.add(Math.min(out.size(), from + 1 + (random.nextBoolean() ? 0 : random.nextInt(800))), out.get(from));
    }
    return out;
  }

  /** The price list of a model alias, null for an alias the catalog does not have. */
  List<Price> pricesOf(String alias, String deployment) {
    for (ModelConfig model : models) {
      if (model.id().equals(alias) && model.deployments().get(0).id().equals(deployment)) {
        return model.deployments().get(0).prices();
      }
    }
    return null;
  }
}
