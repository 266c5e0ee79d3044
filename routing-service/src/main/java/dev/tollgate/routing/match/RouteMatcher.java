package dev.tollgate.routing.match;

import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.route.CircuitState;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks the deployment a consumer should call from a route table, a pure function of the table, the price cap, the
 * time and a random source.
 *
 * <ol>
 *   <li>With a maximum price, only candidates with a declared price whose <em>combined price</em> (input + output,
 *       USD per million tokens, compared exactly) is at most the maximum remain; none left is
 *       {@link Match.NothingUnderPrice}.
 *   <li>Candidates whose circuit is open and still cooling down are skipped (an open circuit whose cool-down is
 *       over may take a probe); none left is {@link Match.NoneAvailable}.
 *   <li>The alias's strategy picks: {@code weighted} at random by weight, {@code priority} the lowest priority
 *       number (weighted within it), {@code lowest_latency} the lower EWMA latency of two picked at random (0, no
 *       sample yet, counts as fastest, so a new deployment gets tried), {@code cheapest} the lowest combined price
 *       (candidates without a price last).
 * </ol>
 */
public final class RouteMatcher {
  private RouteMatcher() {}

  /** The outcome of a match. */
  public sealed interface Match {
    /** The deployment to call. */
    record Chosen(RouteCandidate candidate) implements Match {}

    /** The table has candidates, but none within the maximum price. */
    record NothingUnderPrice() implements Match {}

    /** Candidates within the price exist, but every one is cooling down. */
    record NoneAvailable() implements Match {}
  }

  /**
   * The combined price the maximum is compared with.
   *
   * @param price a price
   * @return input + output, USD per million tokens
   */
  public static BigDecimal combined(Price price) {
    return price.inputPerMtokUsd().add(price.outputPerMtokUsd());
  }

  /**
   * Picks from {@code table}.
   *
   * @param table the alias's route table
   * @param maxPricePerMtokUsd the highest combined price accepted, or null for any
   * @param now the time, for cool-downs
   * @param random the random source of the weighted and latency strategies
   * @return the pick, or why there is none
   */
  public static Match match(RouteTable table, BigDecimal maxPricePerMtokUsd, Instant now, RandomGenerator random) {
    List<RouteCandidate> priced = table.candidates().stream()
        .filter(c -> maxPricePerMtokUsd == null
            || (c.price() != null && combined(c.price()).compareTo(maxPricePerMtokUsd) <= 0))
        .toList();
    if (priced.isEmpty()) {
      return maxPricePerMtokUsd == null ? new Match.NoneAvailable() : new Match.NothingUnderPrice();
    }
    List<RouteCandidate> able = priced.stream()
        .filter(c -> c.health().state() != CircuitState.OPEN || c.health().availableAt(now))
        .toList();
    if (able.isEmpty()) {
      return new Match.NoneAvailable();
    }
    RouteCandidate pick = switch (table.strategy()) {
      case WEIGHTED -> weighted(able, random);
      case PRIORITY -> {
        int best = able.stream().mapToInt(RouteCandidate::priority).min().orElseThrow();
        yield weighted(able.stream().filter(c -> c.priority() == best).toList(), random);
      }
      case LOWEST_LATENCY -> {
        RouteCandidate a = able.get(random.nextInt(able.size()));
        RouteCandidate b = able.get(random.nextInt(able.size()));
        yield b.health().ewmaLatencyMs() < a.health().ewmaLatencyMs() ? b : a;
      }
      case CHEAPEST -> able.stream()
          .min(Comparator.comparing((RouteCandidate c) -> c.price() == null ? 1 : 0)
              .thenComparing(c -> c.price() == null ? BigDecimal.ZERO : combined(c.price())))
          .orElseThrow();
    };
    return new Match.Chosen(pick);
  }

  /** At random in proportion to the weights; when every weight is 0 (all half-open or open), the first. */
  private static RouteCandidate weighted(List<RouteCandidate> candidates, RandomGenerator random) {
    long total = candidates.stream().mapToLong(RouteCandidate::weight).sum();
    if (total == 0) {
      return candidates.get(0);
    }
    long ticket = random.nextLong(total);
    for (RouteCandidate c : candidates) {
      ticket -= c.weight();
      if (ticket < 0) {
        return c;
      }
    }
    return candidates.get(candidates.size() - 1);
  }
}
