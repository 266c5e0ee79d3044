package dev.tollgate.launcher;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting the launcher accepts, as a command-line flag and as an environment variable (what containers
 * use). The flag wins over the variable.
 */
public enum Option {
  BOOTSTRAP("--bootstrap", "TOLLGATE_BOOTSTRAP", "Kafka bootstrap servers, host:port[,host:port]"),
  CONFIG("--config", "TOLLGATE_CONFIG", "configuration file (YAML)"),
  HOST("--host", "TOLLGATE_HOST", "address the edge listens on (default 127.0.0.1)"),
  PORT("--port", "TOLLGATE_PORT", "port the edge listens on (default 8080)"),
  EVENT_LOOPS("--event-loops", "TOLLGATE_EDGE_EVENT_LOOPS",
      "event loops the edge serves HTTP on, one edge instance each (default 1)"),
  EDGE_ID("--edge-id", "TOLLGATE_EDGE_ID", "this edge's instance id, carried in usage events (default edge-<host name>)"),
  DATA_DIR("--data-dir", "TOLLGATE_DATA_DIR",
      "local state: up's broker data, the edge's usage spool, metering's and budget's state (default ./data)"),
  SPOOL_DIR("--spool-dir", "TOLLGATE_SPOOL_DIR",
      "where the edge spools usage events while Kafka is unreachable (default <data dir>/spool/<edge id>)"),
  ROUTING_PORT("--routing-port", "TOLLGATE_ROUTING_PORT", "port of the routing service's HTTP API (default 8082)"),
  BUDGET_STALE_POLICY("--budget-stale-policy", "TOLLGATE_BUDGET_STALE_POLICY",
      "what the edge does when its budget decisions are stale: open (admit on the last decisions, the default) or "
          + "closed (refuse budgeted requests with 503)"),
  BUDGET_MAX_AGE("--budget-max-age-seconds", "TOLLGATE_BUDGET_MAX_AGE_SECONDS",
      "seconds without hearing from the broker after which the edge's budget decisions are stale (default 30)"),
  USAGE_EVENTS("--usage-events", "TOLLGATE_USAGE_EVENTS",
      "on (default) or off: off emits no usage events, so nothing is billed (for benchmarks that cost each part)"),
  UPSTREAM_TIMEOUT("--upstream-timeout-seconds", "TOLLGATE_UPSTREAM_TIMEOUT_SECONDS",
      "seconds a provider may stay silent before the edge fails over or gives up (default 60)"),
  MAX_ATTEMPTS("--max-attempts", "TOLLGATE_MAX_ATTEMPTS",
      "the most deployments the edge tries for one request, fallback models included (default 3)"),
  REQUEST_DEADLINE("--request-deadline-seconds", "TOLLGATE_REQUEST_DEADLINE_SECONDS",
      "seconds after its arrival past which the edge starts no further attempt for a request (default 120)"),
  KAFKA_PORT("--kafka-port", "TOLLGATE_KAFKA_PORT", "port of the embedded broker (default 19092; +1 for its controller)");

  private final String flag;
  private final String env;
  private final String help;

  Option(String flag, String env, String help) {
    this.flag = flag;
    this.env = env;
    this.help = help;
  }

  public String flag() {
    return flag;
  }

  public String env() {
    return env;
  }

  public String help() {
    return help;
  }

  /** The option spelled {@code flag}, if any. */
  public static Optional<Option> byFlag(String flag) {
    return Arrays.stream(values()).filter(o -> o.flag.equals(flag)).findFirst();
  }

  /** The option read from the environment variable {@code env}, if any. */
  public static Optional<Option> byEnv(String env) {
    return Arrays.stream(values()).filter(o -> o.env.equals(env)).findFirst();
  }
}
