package dev.tollgate.launcher.service;

import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.simulator.SimulatorServer;
import dev.tollgate.edge.EdgeSettings;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.EdgeVerticle;
import dev.tollgate.edge.budget.BudgetGate;
import dev.tollgate.edge.budget.BudgetSettings;
import dev.tollgate.edge.budget.DecisionBoard;
import dev.tollgate.edge.budget.DecisionTable;
import dev.tollgate.edge.budget.StalePolicy;
import dev.tollgate.edge.proxy.FailoverSettings;
import dev.tollgate.edge.route.RouteBoard;
import dev.tollgate.edge.route.Upstreams;
import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.ConfigView;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.UsageEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import dev.tollgate.edge.usage.UsageEmitter;
import dev.tollgate.edge.usage.UsageSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The edge with its Kafka-fed state (a config view, a budget decision board and a route board) and the HTTP front
 * door.
 */
public final class EdgeService implements RunningService {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** More event loops than this is a typo, not a machine: each instance holds a provider connection pool. */
  private static final int MAX_EVENT_LOOPS = 1_024;
  /** Picks of a free port before giving up, when another process keeps taking the one just picked. */
  private static final int FREE_PORT_ATTEMPTS = 5;

  private final ConfigView view;
  private final UsageEmitter usage;
  private final DecisionBoard board;
  private final RouteBoard routes;
  private final Vertx vertx;
  private final Upstreams upstreams;
  private final BudgetGate budgets;
  private final String url;

  private EdgeService(ConfigView view, UsageEmitter usage, DecisionBoard board, RouteBoard routes, Vertx vertx,
      Upstreams upstreams, BudgetGate budgets, String url) {
    this.view = view;
    this.usage = usage;
    this.board = board;
    this.routes = routes;
    this.vertx = vertx;
    this.upstreams = upstreams;
    this.budgets = budgets;
    this.url = url;
  }

  /** Starts an edge fed by the cluster at {@code bootstrapServers}, as {@code args} configure it. */
  public static EdgeService start(String bootstrapServers, Args args) throws Exception {
    EdgeSettings settings =
        new EdgeSettings(
            args.get(Option.HOST, EdgeSettings.DEFAULT_HOST),
            args.port(Option.PORT, EdgeSettings.DEFAULT_PORT),
            bootstrapServers,
            args.get(Option.EDGE_ID, defaultEdgeId()),
            EdgeSettings.DEFAULT_MAX_BODY_BYTES);
    // the spool outlives restarts, so a restarted edge replays what it spooled before
    Path spool = args.get(Option.SPOOL_DIR).map(Path::of)
        .orElse(Path.of(args.get(Option.DATA_DIR, "data"), "spool", settings.edgeId()));
    BudgetSettings budgetSettings = budgetSettings(args);
    TokenEstimator.preload();
    FailoverSettings failover = failoverSettings(args);
    int eventLoops = eventLoops(args);
    ConfigView view = ConfigView.start(bootstrapServers);
    UsageEmitter usage = UsageEmitter.start(bootstrapServers, UsageSettings.defaults(spool));
    DecisionTable decisions = new DecisionTable();
    DecisionBoard board = DecisionBoard.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-budget-board-" + settings.edgeId()), decisions, Clock.systemUTC());
    RouteBoard routes = RouteBoard.start(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "tollgate-route-board-" + settings.edgeId()));
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, eventLoops)));
    Upstreams upstreams = new Upstreams(vertx);
    try {
      Governance governance = Governance.create(Governance.DEFAULT_MAX_IN_FLIGHT, decisions, budgetSettings);
      governance.metrics().watchUsage(usage::metrics);
      view.onChange(snapshot -> governance.metrics().configApplied(Instant.now()));
      if (view.isLoaded()) {
        governance.metrics().configApplied(Instant.now());
      }
      ViewState state = new ViewState(view, routes);
      Consumer<UsageEvent> sink = usageSink(args, usage);
      int port = listen(vertx, settings, eventLoops,
          onPort -> new EdgeVerticle(onPort, state, sink, governance, failover, upstreams));
      return new EdgeService(view, usage, board, routes, vertx, upstreams, governance.budgets(),
          "http://" + settings.host() + ":" + port);
    } catch (Exception e) {
      vertx.close();
      usage.close();
      board.close();
      routes.close();
      view.close();
      throw new IllegalStateException("the edge could not listen on " + settings.host() + ":" + settings.port()
          + " (" + rootMessage(e) + ")", e);
    }
  }

  @Override
  public Optional<String> url() {
    return Optional.of(url);
  }

  /** The simulator this edge runs for {@code providerId}, once a request has started it. */
  public Optional<SimulatorServer> simulator(String providerId) {
    return upstreams.simulator(providerId);
  }

  /** This edge's budget gate: its decisions and what it admitted, for end-to-end tests and the loop benchmark. */
  public BudgetGate budgets() {
    return budgets;
  }

  /** The configuration this edge serves now. */
  public ConfigSnapshot config() {
    return view.current();
  }

  @Override
  public String describe() {
    return "edge listening on " + url;
  }

  @Override
  public void close() {
    // the HTTP side first, so every request in flight has emitted its usage before the emitter flushes; the
    // simulators the instances share once no instance serves any more
    Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
        .eventually(upstreams::close)
        .eventually(vertx::close)
        .toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    usage.close();
    board.close();
    routes.close();
    view.close();
  }

  /**
   * Deploys {@code instances} edge verticles sharing one listening socket and returns its port. Vert.x shares a
   * server between instances only for the same host and port, and never for port 0 (each server would bind a random
   * port of its own, and a negative "shared random port" is refused by the HTTP server), so with port 0 and several
   * instances a free port is picked first and all instances listen on it; should another process take it in
   * between, another port is picked.
   */
  private static int listen(Vertx vertx, EdgeSettings settings, int instances,
      Function<EdgeSettings, EdgeVerticle> instance) throws Exception {
    if (settings.port() != 0 || instances == 1) {
      return deploy(vertx, settings, instances, instance);
    }
    for (int attempt = 1; ; attempt++) {
      EdgeSettings onPort = new EdgeSettings(settings.host(), freePort(settings.host()), settings.bootstrapServers(),
          settings.edgeId(), settings.maxBodyBytes());
      try {
        return deploy(vertx, onPort, instances, instance);
      } catch (ExecutionException e) {
        if (attempt == FREE_PORT_ATTEMPTS || !(rootCause(e) instanceof BindException)) {
          throw e;
        }
      }
    }
  }

  private static int deploy(Vertx vertx, EdgeSettings settings, int instances,
      Function<EdgeSettings, EdgeVerticle> instance) throws Exception {
    List<EdgeVerticle> deployed = new CopyOnWriteArrayList<>();
    await(vertx.deployVerticle(() -> {
      EdgeVerticle verticle = instance.apply(settings);
      deployed.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(instances)));
    return deployed.get(0).actualPort();
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  private static void await(Future<?> deployment) throws Exception {
    deployment.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * One edge instance per event loop: one unless {@code --event-loops} says otherwise. Not yet the processors by
   * default: with several loops settling at once the budget gate may keep a settled cost counted a little too long
   * and refuse before a budget is spent (see the edge README, Deployment).
   */
  static int eventLoops(Args args) {
    return args.get(Option.EVENT_LOOPS).map(text -> {
      try {
        int value = Integer.parseInt(text.trim());
        if (value >= 1 && value <= MAX_EVENT_LOOPS) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Args.UsageException(Option.EVENT_LOOPS.flag() + " must be a whole number from 1 to "
          + MAX_EVENT_LOOPS + ", not " + text);
    }).orElse(1);
  }

  private static BudgetSettings budgetSettings(Args args) {
    StalePolicy policy = args.get(Option.BUDGET_STALE_POLICY).map(text -> {
      try {
        return StalePolicy.parse(text);
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException(Option.BUDGET_STALE_POLICY.flag() + ": " + e.getMessage());
      }
    }).orElse(StalePolicy.OPEN);
    Duration maxAge = args.get(Option.BUDGET_MAX_AGE).map(text -> {
      try {
        long seconds = Long.parseLong(text.trim());
        if (seconds >= 1) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Args.UsageException(Option.BUDGET_MAX_AGE.flag() + " must be a whole number of seconds >= 1, not "
          + text);
    }).orElse(BudgetSettings.DEFAULT_MAX_DECISION_AGE);
    return new BudgetSettings(maxAge, policy, BudgetSettings.DEFAULT_SETTLE_MARGIN);
  }

  /** Where finished requests' usage events go: the emitter, or nowhere with {@code --usage-events off}. */
  static Consumer<UsageEvent> usageSink(Args args, UsageEmitter usage) {
    String value = args.get(Option.USAGE_EVENTS, "on");
    return switch (value) {
      case "on" -> usage::emit;
      case "off" -> event -> { };
      default -> throw new Args.UsageException(
          Option.USAGE_EVENTS.flag() + " must be on or off, got '" + value + "'");
    };
  }

  private static FailoverSettings failoverSettings(Args args) {
    return new FailoverSettings(
        Duration.ofSeconds(
            atLeastOne(args, Option.UPSTREAM_TIMEOUT, FailoverSettings.DEFAULT_IDLE_TIMEOUT.toSeconds())),
        (int) atLeastOne(args, Option.MAX_ATTEMPTS, FailoverSettings.DEFAULT_MAX_ATTEMPTS),
        Duration.ofSeconds(atLeastOne(args, Option.REQUEST_DEADLINE, FailoverSettings.DEFAULT_DEADLINE.toSeconds())));
  }

  private static long atLeastOne(Args args, Option option, long defaultValue) {
    return args.get(option).map(text -> {
      try {
        long value = Long.parseLong(text.trim());
        if (value >= 1 && value <= Integer.MAX_VALUE) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new Args.UsageException(option.flag() + " must be a whole number >= 1, not " + text);
    }).orElse(defaultValue);
  }

  /** Stable across restarts of the same host, so the spool of the last run is found again. */
  private static String defaultEdgeId() {
    try {
      String host = InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
      return "edge-" + host.replaceAll("[^a-z0-9-]", "-");
    } catch (UnknownHostException e) {
      return "edge-1";
    }
  }

  private static String rootMessage(Throwable e) {
    return rootCause(e).getMessage();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private record ViewState(ConfigView view, RouteBoard routes) implements EdgeState {
    @Override
    public ConfigSnapshot config() {
      return view.current();
    }

    @Override
    public Optional<RouteTable> route(String alias) {
      return routes.table(alias);
    }

    @Override
    public boolean loaded() {
      return view.isLoaded();
    }
  }
}
