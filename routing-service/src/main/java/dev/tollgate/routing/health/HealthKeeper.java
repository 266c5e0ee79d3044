package dev.tollgate.routing.health;

import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.usage.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps {@link DeploymentStats} per deployment from the outcomes on {@code tollgate.usage} (keyed by
 * {@link HealthUpdate#keyOf}) and forwards {@link HealthUpdate}s: at once when the circuit changes state, otherwise
 * at most once per {@code publishInterval} per deployment. A wall-clock punctuation every {@code publishInterval}
 * half-opens the circuits whose cool-down is over and flushes the pending updates.
 *
 * <p>Latency and time to first token are sampled from successes only (a fast error must not make a failing
 * deployment look fast), and only from first attempts: an event's latency after a failover includes the attempts
 * before it, on other deployments.
 */
public final class HealthKeeper implements ProcessorSupplier<String, UsageEvent, String, HealthUpdate> {

  /** Health per deployment. */
  public static final String STORE = "routing-health";

  private final HealthPolicy policy;
  private final Duration publishInterval;

  /**
   * @param policy the circuit breaker's constants
   * @param publishInterval the wall-clock tick, and the shortest time between two updates of one deployment
   *     that do not change its state
   */
  public HealthKeeper(HealthPolicy policy, Duration publishInterval) {
    this.policy = policy;
    this.publishInterval = publishInterval;
  }

  @Override
  public Processor<String, UsageEvent, String, HealthUpdate> get() {
    return new Keeper();
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    return Set.of(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STORE), Serdes.String(), JsonSerde.of(DeploymentStats.class)));
  }

  private final class Keeper implements Processor<String, UsageEvent, String, HealthUpdate> {
    private ProcessorContext<String, HealthUpdate> context;
    private KeyValueStore<String, DeploymentStats> stats;
    // Deployments whose health changed since they were last forwarded. Not in a store: after a restart the next
    // outcome of a deployment forwards it again.
    private final Set<String> pending = new LinkedHashSet<>();

    @Override
    public void init(ProcessorContext<String, HealthUpdate> context) {
      this.context = context;
      this.stats = context.getStateStore(STORE);
      context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, UsageEvent> record) {
      UsageEvent event = record.value();
      Verdict verdict = event == null || record.key() == null ? Verdict.NEUTRAL : Verdict.of(event);
      if (verdict == Verdict.NEUTRAL) {
        return;
      }
      Instant now = now();
      boolean firstAttempt = event.attempt() <= 1;
      DeploymentStats before = current(record.key());
      DeploymentStats after = before.record(verdict, firstAttempt ? event.latencyMs() : null,
          firstAttempt ? event.ttftMs() : null, now, policy);
      update(record.key(), before, after);
    }

    private void tick(long wallClockMs) {
      Instant now = Instant.ofEpochMilli(wallClockMs);
      List<KeyValue<String, DeploymentStats>> all = new ArrayList<>();
      try (KeyValueIterator<String, DeploymentStats> it = stats.all()) {
        it.forEachRemaining(all::add);
      }
      for (KeyValue<String, DeploymentStats> entry : all) {
        update(entry.key, entry.value, entry.value.tick(now));
      }
      for (String key : List.copyOf(pending)) {
        forward(key, current(key), false);
      }
    }

    private void update(String key, DeploymentStats before, DeploymentStats after) {
      if (after.equals(before)) {
        return;
      }
      stats.put(key, after);
      if (after.state() != before.state()) {
        forward(key, after, true);
      } else if (!after.toHealth(policy).equals(before.toHealth(policy))) {
        pending.add(key);
      }
    }

    private void forward(String key, DeploymentStats value, boolean stateChanged) {
      pending.remove(key);
      DeploymentHealth health = value.toHealth(policy);
      context.forward(new Record<>(key, new HealthUpdate(key, health, stateChanged), context.currentSystemTimeMs()));
    }

    private DeploymentStats current(String key) {
      DeploymentStats value = stats.get(key);
      return value == null ? DeploymentStats.NEW : value;
    }

    private Instant now() {
      return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
  }
}
