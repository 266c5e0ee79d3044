package dev.tollgate.routing;

import dev.tollgate.routing.catalog.Emission;
import dev.tollgate.routing.catalog.RouteInput;
import dev.tollgate.routing.catalog.RoutePlanner;
import dev.tollgate.routing.health.HealthKeeper;
import dev.tollgate.routing.health.HealthUpdate;
import dev.tollgate.schemas.json.JsonSerde;
import dev.tollgate.schemas.topic.Topics;
import dev.tollgate.schemas.usage.UsageEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The routing topology, a pure function of its settings:
 *
 * <pre>
 * tollgate.usage ──► keep events with a deployment ──► re-key by provider/upstream_model ("routing-outcomes")
 *   ──► health keeper (circuit, error rate, EWMAs; store "routing-health") ──► "routing-health" (1 partition)
 * tollgate.config ──────────────────────┐
 * tollgate.provider.registrations ──────┼──► route planner (one task) ──► tollgate.routes (keyed by alias)
 * health updates ───────────────────────┘                            └──► expiry tombstones on the registrations
 * </pre>
 */
public final class RoutingTopology {

  /** The repartition topic of outcomes keyed by deployment (prefixed by the application id). */
  public static final String OUTCOMES = "routing-outcomes";

  /** The repartition topic of health updates, one partition, read by the planner. */
  public static final String HEALTH = "routing-health-updates";

  private RoutingTopology() {}

  /**
   * Builds the topology.
   *
   * @param settings the health policy and the publish interval
   * @return a topology to run with {@code processing.guarantee=exactly_once_v2}
   */
  public static Topology build(RoutingSettings settings) {
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, RouteInput> health =
        builder
            .stream(Topics.USAGE.name(),
                Consumed.with(Topics.USAGE.keySerde(), Topics.USAGE.valueSerde()).withName("routing-usage-source"))
            .filter((tenant, event) -> event != null && event.deployment() != null && event.provider() != null
                && event.upstreamModel() != null, Named.as("routing-answered"))
            .selectKey((tenant, event) -> HealthUpdate.keyOf(event.provider(), event.upstreamModel()),
                Named.as("routing-by-deployment"))
            .repartition(Repartitioned.<String, UsageEvent>as(OUTCOMES)
                .withKeySerde(Serdes.String()).withValueSerde(Topics.USAGE.valueSerde()))
            .process(new HealthKeeper(settings.health(), settings.publishInterval()), Named.as("routing-health"))
            .repartition(Repartitioned.<String, HealthUpdate>as(HEALTH)
                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(HealthUpdate.class))
                .withNumberOfPartitions(1))
            .mapValues(RouteInput.Health::new, Named.as("routing-health-input"));

    KStream<String, RouteInput> config =
        builder
            .stream(Topics.CONFIG.name(),
                Consumed.with(Topics.CONFIG.keySerde(), Topics.CONFIG.valueSerde()).withName("routing-config-source"))
            .mapValues(RouteInput.Config::new, Named.as("routing-config-input"));

    KStream<String, RouteInput> registrations =
        builder
            .stream(Topics.PROVIDER_REGISTRATIONS.name(),
                Consumed.with(Topics.PROVIDER_REGISTRATIONS.keySerde(), Topics.PROVIDER_REGISTRATIONS.valueSerde())
                    .withName("routing-registrations-source"))
            .mapValues(RouteInput.Registration::new, Named.as("routing-registration-input"));

    KStream<String, Emission> emissions =
        config
            .merge(registrations, Named.as("routing-catalog-inputs"))
            .merge(health, Named.as("routing-inputs"))
            .process(new RoutePlanner(settings.publishInterval()), Named.as("routing-planner"));

    emissions
        .filter((alias, e) -> e instanceof Emission.Route, Named.as("routing-route-emissions"))
        .mapValues(Emission::tableOf, Named.as("routing-route-tables"))
        .to(Topics.ROUTES.name(),
            Produced.with(Topics.ROUTES.keySerde(), Topics.ROUTES.valueSerde()).withName("routing-routes-sink"));
    emissions
        .filter((id, e) -> e instanceof Emission.Registration, Named.as("routing-registration-emissions"))
        .mapValues(Emission::registrationOf, Named.as("routing-registration-values"))
        .to(Topics.PROVIDER_REGISTRATIONS.name(),
            Produced.with(Topics.PROVIDER_REGISTRATIONS.keySerde(), Topics.PROVIDER_REGISTRATIONS.valueSerde())
                .withName("routing-registrations-sink"));

    return builder.build();
  }
}
