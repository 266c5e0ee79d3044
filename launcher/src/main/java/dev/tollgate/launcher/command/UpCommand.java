package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.launcher.ServiceCatalog;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.launcher.broker.BrokerProcess;
import dev.tollgate.launcher.broker.BrokerSettings;
import dev.tollgate.launcher.config.ApplyResult;
import dev.tollgate.launcher.config.ConfigLoader;
import dev.tollgate.launcher.config.ConfigPublisher;
import dev.tollgate.launcher.config.LoadResult;
import dev.tollgate.launcher.service.RunningService;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.VirtualKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * {@code ./tollgate up}: a real Kafka broker in a child JVM (data kept under {@code ./data/kafka}), the topics,
 * the configuration, and every service this build has, in one process. Ctrl-C stops them in reverse order.
 */
public final class UpCommand implements Command {
  static final int DEFAULT_KAFKA_PORT = 19092;
  private static final Duration BROKER_READY = Duration.ofSeconds(90);
  /** Every service Tollgate is planned to have; those ServiceCatalog lacks are reported as not built yet. */
  private static final List<String> PLANNED = List.of("edge", "routing", "metering", "budget");

  // pushed by the starting thread, popped by the shutdown hook
  private final BlockingDeque<AutoCloseable> started = new LinkedBlockingDeque<>();

  @Override
  public int run(Args args, Terminal terminal) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(terminal), "tollgate-stop"));
    terminal.out().println("Tollgate — starting (Ctrl-C stops everything)");
    Path dataDir = Path.of(args.get(Option.DATA_DIR, "data"));

    long t = System.nanoTime();
    boolean shipped = args.get(Option.CONFIG).isEmpty();
    LoadResult loaded = shipped ? ConfigLoader.loadDefault() : ConfigLoader.load(Path.of(args.get(Option.CONFIG).get()));
    if (!loaded.problems().isEmpty()) {
      ConfigFiles.printProblems(loaded, terminal);
      return 1;
    }
    VirtualKey devKey = shipped ? DevKey.resolve(args, dataDir) : null;
    ConfigSnapshot config = shipped ? loaded.snapshot().with(DevKey.config(devKey)) : loaded.snapshot();
    terminal.done("configuration valid: " + ConfigFiles.summary(config), t);

    t = System.nanoTime();
    int kafkaPort = args.port(Option.KAFKA_PORT, DEFAULT_KAFKA_PORT);
    terminal.step("starting the Kafka broker on 127.0.0.1:" + kafkaPort);
    BrokerProcess broker = BrokerProcess.start(BrokerSettings.defaults().withDataDir(dataDir.resolve("kafka")).withPort(kafkaPort));
    started.push(broker);
    // our hook stops the services first, then the broker they flush to
    broker.stopOnlyOnClose();
    broker.awaitReady(BROKER_READY);
    String bootstrap = broker.bootstrapServers();
    terminal.done("Kafka broker ready on " + bootstrap + " (data in " + dataDir.resolve("kafka") + ")", t);

    t = System.nanoTime();
    Topics.ensure(bootstrap, terminal);
    ApplyResult applied = ConfigPublisher.create(bootstrap).apply(config);
    terminal.done("topics ready; configuration " + applied.summary(), t);

    String edgeUrl = null;
    for (ServiceCatalog service : ServiceCatalog.values()) {
      t = System.nanoTime();
      RunningService running = service.start(bootstrap, args);
      started.push(running);
      edgeUrl = running.url().orElse(edgeUrl);
      terminal.done(running.describe(), t);
    }
    printReady(terminal, edgeUrl, devKey);
    new CountDownLatch(1).await();
    return 0;
  }

  private static void printReady(Terminal terminal, String url, VirtualKey devKey) {
    terminal.out().println();
    List<String> missing = PLANNED.stream().filter(name -> ServiceCatalog.byName(name).isEmpty()).toList();
    terminal.out().println(missing.isEmpty()
        ? "Ready."
        : "Ready. Services not in this build yet: " + String.join(", ", missing) + ".");
    terminal.out().println("  base URL  " + url + "/v1");
    if (devKey != null) {
      terminal.out().println("  dev key   " + devKey.reveal());
      terminal.out().println("  try       curl -s " + url + "/v1/chat/completions -H 'Authorization: Bearer "
          + devKey.reveal() + "' -H 'content-type: application/json' -d '{\"model\":\"gpt-4o-mini\","
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
    }
    terminal.out().flush();
  }

  private void stopAll(Terminal terminal) {
    if (started.isEmpty()) {
      return;
    }
    terminal.out().println();
    terminal.out().println("Stopping…");
    AutoCloseable next;
    while ((next = started.pollFirst()) != null) {
      try {
        next.close();
      } catch (Exception e) {
        terminal.err().println("while stopping: " + e.getMessage());
      }
    }
    terminal.out().println("Stopped.");
    terminal.out().flush();
  }
}
