package dev.tollgate.routing.catalog;

import dev.tollgate.routing.health.HealthUpdate;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.route.DeploymentHealth;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the route table of every alias current. It reads the config (under the revision-marker rule), the
 * registrations and the health updates, recomputes the aliases each one touches with {@link RouteTables}, and
 * writes a table only when its routes changed: at once for a config or registration change or a circuit changing
 * state, otherwise at most once per {@code publishInterval} per alias. A wall-clock punctuation every
 * {@code publishInterval} expires the registrations not renewed in time (writing their tombstone) and flushes the
 * tables held back.
 *
 * <p>All inputs have one partition, so one task holds the whole catalog.
 */
public final class RoutePlanner implements ProcessorSupplier<String, RouteInput, String, Emission> {

  /** Live registrations by provider id. */
  public static final String REGISTRATIONS_STORE = "routing-registrations";

  /** Every deployment's latest health, by health key. */
  public static final String HEALTH_STORE = "routing-health-view";

  /** The last table published per alias. */
  public static final String PUBLISHED_STORE = "routing-published";

  /**
   * On an expiry tombstone: the {@code renewed_at} of the registration that expired. A registration renewed later
   * than that survives the tombstone.
   */
  public static final String EXPIRED_RENEWAL_HEADER = "tollgate-expired-renewal";

  private static final Logger LOG = LoggerFactory.getLogger(RoutePlanner.class);

  private final Duration publishInterval;

  /**
   * @param publishInterval the wall-clock tick, and the shortest time between two tables of one alias when no
   *     circuit changed state
   */
  public RoutePlanner(Duration publishInterval) {
    this.publishInterval = publishInterval;
  }

  @Override
  public Processor<String, RouteInput, String, Emission> get() {
    return new Planner();
  }

  @Override
  public Set<StoreBuilder<?>> stores() {
    Set<StoreBuilder<?>> stores = new HashSet<>(ConfigGate.stores());
    stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGISTRATIONS_STORE), Serdes.String(),
        JsonSerde.of(ProviderRegistration.class)));
    stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEALTH_STORE), Serdes.String(),
        JsonSerde.of(DeploymentHealth.class)));
    stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PUBLISHED_STORE), Serdes.String(),
        JsonSerde.of(PublishedRoute.class)));
    return stores;
  }

  private final class Planner implements Processor<String, RouteInput, String, Emission> {
    private ProcessorContext<String, Emission> context;
    private ConfigGate config;
    private KeyValueStore<String, ProviderRegistration> registrations;
    private KeyValueStore<String, DeploymentHealth> health;
    private KeyValueStore<String, PublishedRoute> published;

    @Override
    public void init(ProcessorContext<String, Emission> context) {
      this.context = context;
      this.config = new ConfigGate(
          context.getStateStore(ConfigGate.PENDING_STORE), context.getStateStore(ConfigGate.APPLIED_STORE));
      this.registrations = context.getStateStore(REGISTRATIONS_STORE);
      this.health = context.getStateStore(HEALTH_STORE);
      this.published = context.getStateStore(PUBLISHED_STORE);
      context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, RouteInput> record) {
      RouteInput input = record.value();
      if (input instanceof RouteInput.Config c) {
        if (config.accept(record.key(), c.entity())) {
          refresh(knownAliases(), true);
        }
      } else if (input instanceof RouteInput.Registration r && record.key() != null) {
        registration(record.key(), r.registration(), record.headers().lastHeader(EXPIRED_RENEWAL_HEADER));
      } else if (input instanceof RouteInput.Health h) {
        HealthUpdate update = h.update();
        health.put(update.key(), update.health());
        refresh(aliasesUsing(update.key()), update.stateChanged());
      }
    }

    private void registration(String id, ProviderRegistration next, Header expiredRenewal) {
      ProviderRegistration before = registrations.get(id);
      if (next != null && !id.equals(next.id())) {
        LOG.warn("skipping registration record {}: its value is the registration of {}", id, next.id());
        return;
      }
      if (next == null && expiredRenewal != null && before != null
          && before.renewedAt().isAfter(Instant.parse(new String(expiredRenewal.value(), StandardCharsets.UTF_8)))) {
        // a heartbeat renewed it after the expiry was decided: write it again so compaction keeps it
        context.forward(new Record<>(id, new Emission.Registration(before), context.currentSystemTimeMs()));
        return;
      }
      Set<String> aliases = new TreeSet<>();
      if (before != null) {
        aliases.addAll(before.models().keySet());
      }
      if (next == null) {
        registrations.delete(id);
      } else if (!now().isBefore(next.expiresAt())) {
        // read after it lapsed (a restart, or a replay by a new instance): gone, and gone from the topic too
        registrations.delete(id);
        expire(next, context.currentSystemTimeMs());
      } else {
        registrations.put(id, next);
        aliases.addAll(next.models().keySet());
      }
      refresh(aliases, true);
    }

    private void expire(ProviderRegistration registration, long wallClockMs) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(EXPIRED_RENEWAL_HEADER, registration.renewedAt().toString().getBytes(StandardCharsets.UTF_8));
      context.forward(new Record<>(registration.id(), new Emission.Registration(null), wallClockMs, headers));
    }

    private void tick(long wallClockMs) {
      Instant now = Instant.ofEpochMilli(wallClockMs);
      Set<String> aliases = new TreeSet<>();
      for (ProviderRegistration r : allRegistrations()) {
        if (!now.isBefore(r.expiresAt())) {
          registrations.delete(r.id());
          aliases.addAll(r.models().keySet());
          expire(r, wallClockMs);
        }
      }
      refresh(aliases, true);
      Set<String> dirty = new TreeSet<>();
      try (KeyValueIterator<String, PublishedRoute> all = published.all()) {
        all.forEachRemaining(e -> {
          if (e.value.dirty()) {
            dirty.add(e.key);
          }
        });
      }
      refresh(dirty, false);
    }

    private void refresh(Set<String> aliases, boolean urgent) {
      Instant now = now();
      List<ProviderRegistration> live = allRegistrations();
      for (String alias : aliases) {
        Optional<RouteTable> next =
            RouteTables.build(alias, config.model(alias), config::provider, live, health::get, now);
        publish(alias, next.orElse(null), urgent, now);
      }
    }

    private void publish(String alias, RouteTable next, boolean urgent, Instant now) {
      PublishedRoute last = published.get(alias);
      if (next == null) {
        if (last != null) {
          published.delete(alias);
          context.forward(new Record<>(alias, new Emission.Route(null), now.toEpochMilli()));
        }
        return;
      }
      if (last != null && RouteTables.sameRoutes(last.table(), next)) {
        if (last.dirty()) {
          published.put(alias, new PublishedRoute(last.table(), last.publishedAt(), false));
        }
        return;
      }
      if (urgent || last == null || !now.isBefore(last.publishedAt().plus(publishInterval))) {
        published.put(alias, new PublishedRoute(next, now, false));
        context.forward(new Record<>(alias, new Emission.Route(next), now.toEpochMilli()));
      } else {
        published.put(alias, new PublishedRoute(last.table(), last.publishedAt(), true));
      }
    }

    private Set<String> knownAliases() {
      Set<String> aliases = new TreeSet<>();
      config.models().forEach(m -> aliases.add(m.id()));
      allRegistrations().forEach(r -> aliases.addAll(r.models().keySet()));
      try (KeyValueIterator<String, PublishedRoute> all = published.all()) {
        all.forEachRemaining(e -> aliases.add(e.key));
      }
      return aliases;
    }

    private Set<String> aliasesUsing(String healthKey) {
      Set<String> aliases = new TreeSet<>();
      for (ModelConfig model : config.models()) {
        for (Deployment d : model.deployments()) {
          if (HealthUpdate.keyOf(d.provider(), d.upstreamModel()).equals(healthKey)) {
            aliases.add(model.id());
          }
        }
      }
      for (ProviderRegistration r : allRegistrations()) {
        r.models().forEach((alias, upstream) -> {
          if (HealthUpdate.keyOf(r.id(), upstream).equals(healthKey)) {
            aliases.add(alias);
          }
        });
      }
      return aliases;
    }

    private List<ProviderRegistration> allRegistrations() {
      List<ProviderRegistration> all = new ArrayList<>();
      try (KeyValueIterator<String, ProviderRegistration> it = registrations.all()) {
        it.forEachRemaining(e -> all.add(e.value));
      }
      return all;
    }

    private Instant now() {
      return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
  }
}
