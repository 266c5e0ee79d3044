package dev.tollgate.edge.budget;

import dev.tollgate.schemas.budget.Verdict;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.ConfigSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The budget gate on the request path: memory only, no I/O, no wait.
 *
 * <p>A request is admitted only if, for every budget that applies to it (its tenant's, its key's, and those narrowed
 * to its model alias), {@code remaining − admitted − reservation ≥ 0}, where {@code remaining} comes from the
 * budget's latest decision, {@code admitted} is what this edge admitted that the decision does not cover yet (its
 * {@link Ledger}) and {@code reservation} is the most the request can cost. A hard budget whose decision says
 * {@code block} refuses whatever the arithmetic says; a soft budget never refuses.
 *
 * <p>What a decision covers: a real cost settled (its usage event emitted) at {@code s} stops counting once
 * {@code s ≤ min(decided_at, now − settleMargin)}. The budget service cannot have counted a usage event before it
 * was emitted ({@code s ≤ decided_at}), and is assumed to have counted it within the margin ({@code now − margin}).
 * Requiring both keeps a dead budget service from letting this edge forget its spend, and lets a budget that no
 * new decision updates (nothing else spends) free up once the margin has passed.
 *
 * <p>Admission and the reservation happen under one lock, so two event loops cannot both spend the last dollar.
 */
public final class BudgetGate {
  /**
   * Of several budgets refusing a request, the one named is the one it must wait for longest: the latest reset (an
   * unknown reset counts as latest), then the least left.
   */
  private static final Comparator<BudgetAdmission.Exhausted> BINDING_FIRST = Comparator
      .comparing((BudgetAdmission.Exhausted e) -> e.standing().resetsAt(),
          Comparator.nullsFirst(Comparator.reverseOrder()))
      .thenComparingLong(BudgetAdmission.Exhausted::availableNanoUsd);

  private final DecisionTable decisions;
  private final BudgetSettings settings;
  private final Clock clock;
  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, Ledger> ledgers = new HashMap<>();
  // guarded by lock: by budget id, the standing this edge last admitted a request under
  private final Map<String, Standing> lastAdmissions = new HashMap<>();
  private volatile Index index = new Index(null, Map.of());

  public BudgetGate(DecisionTable decisions, BudgetSettings settings, Clock clock) {
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The decisions this gate reads. */
  public DecisionTable decisions() {
    return decisions;
  }

  /**
   * The headers of the tightest budget for a request that is refused before the gate, reserving nothing.
   *
   * @param model the model alias asked for, or null when not known yet (then only budgets without a model apply)
   */
  public BudgetHeaders headers(ConfigSnapshot config, String tenant, String key, String model) {
    List<BudgetConfig> budgets = applicable(config, tenant, key, model);
    if (budgets.isEmpty()) {
      return BudgetHeaders.NONE;
    }
    Instant now = clock.instant();
    synchronized (lock) {
      return tightest(budgets, now);
    }
  }

  /**
   * Admits or refuses a request, reserving {@code reservationNanoUsd} in every budget that applies when admitted.
   *
   * @param model the model alias asked for
   * @param reservationNanoUsd the most the request can cost
   */
  public BudgetAdmission admit(ConfigSnapshot config, String tenant, String key, String model,
      long reservationNanoUsd) {
    List<BudgetConfig> budgets = applicable(config, tenant, key, model);
    if (budgets.isEmpty()) {
      return new BudgetAdmission.Admitted(Charge.NONE, BudgetHeaders.NONE, false);
    }
    Instant now = clock.instant();
    Optional<Duration> silence = silence(now);
    boolean stale = silence.map(s -> s.compareTo(settings.maxDecisionAge()) > 0).orElse(true);
    synchronized (lock) {
      if (stale && settings.stalePolicy() == StalePolicy.CLOSED) {
        return new BudgetAdmission.Unverifiable(silence.orElse(null), tightest(budgets, now));
      }
      List<Charge.Part> parts = new ArrayList<>(budgets.size());
      List<Standing> standings = new ArrayList<>(budgets.size());
      BudgetAdmission.Exhausted refusal = null;
      for (BudgetConfig budget : budgets) {
        Standing standing = standing(budget, now);
        Ledger ledger = ledger(budget.id());
        long available = standing.remainingNanoUsd() - ledger.admitted();
        if (standing.hard()
            && (standing.verdict() == Verdict.BLOCK || available - reservationNanoUsd < 0)) {
          BudgetAdmission.Exhausted candidate = new BudgetAdmission.Exhausted(standing, Math.max(0, available),
              reservationNanoUsd, BudgetHeaders.NONE);
          refusal = refusal == null || BINDING_FIRST.compare(candidate, refusal) < 0 ? candidate : refusal;
        }
        parts.add(new Charge.Part(ledger, standing.windowStart().toEpochMilli()));
        standings.add(standing);
      }
      if (refusal != null) {
        return new BudgetAdmission.Exhausted(refusal.standing(), refusal.availableNanoUsd(), reservationNanoUsd,
            tightest(budgets, now));
      }
      for (int i = 0; i < parts.size(); i++) {
        parts.get(i).ledger().reserve(reservationNanoUsd);
        lastAdmissions.put(budgets.get(i).id(), standings.get(i));
      }
      return new BudgetAdmission.Admitted(new Charge(this, List.copyOf(parts), reservationNanoUsd),
          tightest(budgets, now), stale);
    }
  }

  /**
   * The standing of {@code budgetId} when this edge last admitted a request under it: which decision (its
   * {@code decided_at}, and the spend it counted, limit minus remaining) this edge's latest admission relied on. The
   * overshoot bound of the budget loop is computed from it (see the README, section Budgets).
   */
  public Optional<Standing> lastAdmission(String budgetId) {
    synchronized (lock) {
      return Optional.ofNullable(lastAdmissions.get(budgetId));
    }
  }

  /** How long since the board last heard from the broker; empty if it never has. */
  public Optional<Duration> silence(Instant now) {
    return decisions.heardAt().map(heard -> heard.isAfter(now) ? Duration.ZERO : Duration.between(heard, now));
  }

  void settle(Charge charge, long actualNanoUsd) {
    long at = clock.millis();
    synchronized (lock) {
      if (charge.finish()) {
        charge.parts().forEach(p -> p.ledger().settle(charge.reservationNanoUsd(), actualNanoUsd, at));
      }
    }
  }

  void hold(Charge charge) {
    synchronized (lock) {
      if (charge.finish()) {
        charge.parts().forEach(p -> p.ledger().hold(charge.reservationNanoUsd(), p.windowStartMillis()));
      }
    }
  }

  void cancel(Charge charge) {
    synchronized (lock) {
      if (charge.finish()) {
        charge.parts().forEach(p -> p.ledger().cancel(charge.reservationNanoUsd()));
      }
    }
  }

  /** The budget with the least left for this edge, as headers; the ledgers already count any reservation made. */
  private BudgetHeaders tightest(List<BudgetConfig> budgets, Instant now) {
    BudgetHeaders best = BudgetHeaders.NONE;
    long least = Long.MAX_VALUE;
    for (BudgetConfig budget : budgets) {
      Standing standing = standing(budget, now);
      long available = standing.remainingNanoUsd() - ledger(budget.id()).admitted();
      if (available < least) {
        least = available;
        best = new BudgetHeaders(standing.limitNanoUsd(), Math.max(0, available), standing.resetsAt());
      }
    }
    return best;
  }

  /** The budget's standing now, with its ledger rid of what the standing covers. Under the lock. */
  private Standing standing(BudgetConfig budget, Instant now) {
    Standing standing = Standing.of(budget, decisions.decision(budget.id()), now);
    long coveredUntil = Math.min(standing.decidedAt().toEpochMilli(),
        now.toEpochMilli() - settings.settleMargin().toMillis());
    ledger(budget.id()).forget(coveredUntil, standing.windowStart().toEpochMilli());
    return standing;
  }

  private Ledger ledger(String budgetId) {
    return ledgers.computeIfAbsent(budgetId, id -> new Ledger());
  }

  /** The budgets of {@code tenant} whose key and model, when they name one, are the request's; sorted by id. */
  private List<BudgetConfig> applicable(ConfigSnapshot config, String tenant, String key, String model) {
    List<BudgetConfig> ofTenant = indexOf(config).byTenant().getOrDefault(tenant, List.of());
    if (ofTenant.isEmpty()) {
      return ofTenant;
    }
    List<BudgetConfig> out = new ArrayList<>(ofTenant.size());
    for (BudgetConfig budget : ofTenant) {
      BudgetScope scope = budget.scope();
      if ((scope.key() == null || scope.key().equals(key))
          && (scope.model() == null || scope.model().equals(model))) {
        out.add(budget);
      }
    }
    return out;
  }

  /** The budgets by tenant, rebuilt when the configuration changes; ledgers of removed budgets go then. */
  private Index indexOf(ConfigSnapshot config) {
    Index current = index;
    if (current.config() == config) {
      return current;
    }
    Map<String, List<BudgetConfig>> byTenant = config.budgets().stream()
        .sorted(Comparator.comparing(BudgetConfig::id))
        .collect(Collectors.groupingBy(b -> b.scope().tenant(), Collectors.toUnmodifiableList()));
    synchronized (lock) {
      ledgers.keySet().removeIf(id -> config.budget(id).isEmpty());
      lastAdmissions.keySet().removeIf(id -> config.budget(id).isEmpty());
    }
    Index next = new Index(config, byTenant);
    index = next;
    return next;
  }

  private record Index(ConfigSnapshot config, Map<String, List<BudgetConfig>> byTenant) {}
}
