package dev.tollgate.launcher.service;

import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.EdgeVerticle;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.ConfigView;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The edge with its Kafka-fed state: a config view and the HTTP front door. */
public final class EdgeService implements RunningService {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ConfigView view;
  private final Vertx vertx;
  private final String url;

  private EdgeService(ConfigView view, Vertx vertx, String url) {
    this.view = view;
    this.vertx = vertx;
    this.url = url;
  }

  /** Starts an edge fed by the cluster at {@code bootstrapServers}, as {@code args} configure it. */
  public static EdgeService start(String bootstrapServers, Args args) throws Exception {
    EdgeSettings settings =
        new EdgeSettings(
            args.get(Option.HOST, EdgeSettings.DEFAULT_HOST),
            args.port(Option.PORT, EdgeSettings.DEFAULT_PORT),
            bootstrapServers,
            args.get(Option.EDGE_ID, "edge-" + UUID.randomUUID().toString().substring(0, 8)),
            EdgeSettings.DEFAULT_MAX_BODY_BYTES);
    ConfigView view = ConfigView.start(bootstrapServers);
    Vertx vertx = Vertx.vertx();
    try {
      EdgeVerticle verticle = new EdgeVerticle(settings, new ViewState(view));
      vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture()
          .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new EdgeService(view, vertx, "http://" + settings.host() + ":" + verticle.actualPort());
    } catch (Exception e) {
      vertx.close();
      view.close();
      throw new IllegalStateException("the edge could not listen on " + settings.host() + ":" + settings.port()
          + " (" + rootMessage(e) + ")", e);
    }
  }

  @Override
  public Optional<String> url() {
    return Optional.of(url);
  }

  @Override
  public String describe() {
    return "edge listening on " + url;
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    view.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private record ViewState(ConfigView view) implements EdgeState {
    @Override
    public ConfigSnapshot config() {
      return view.current();
    }

    @Override
    public boolean loaded() {
      return view.isLoaded();
    }
  }
}
