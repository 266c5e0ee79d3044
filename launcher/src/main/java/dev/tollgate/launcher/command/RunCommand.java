package dev.tollgate.launcher.command;

import dev.tollgate.launcher.Args;
import dev.tollgate.launcher.Option;
import dev.tollgate.launcher.ServiceCatalog;
import dev.tollgate.launcher.Terminal;
import dev.tollgate.launcher.service.RunningService;
import java.util.concurrent.CountDownLatch;

/** {@code ./tollgate run <service> --bootstrap H:P}: one service against an existing cluster, until stopped. */
public final class RunCommand implements Command {
  @Override
  public int run(Args args, Terminal terminal) throws Exception {
    if (args.positional().size() != 2) {
      throw new Args.UsageException("run takes exactly one service: " + String.join(", ", ServiceCatalog.names()));
    }
    String name = args.positional().get(1);
    ServiceCatalog service = ServiceCatalog.byName(name)
        .orElseThrow(() -> new Args.UsageException(
            "unknown service '" + name + "' (this build runs: " + String.join(", ", ServiceCatalog.names()) + ")"));
    String bootstrap = args.get(Option.BOOTSTRAP)
        .orElseThrow(() -> new Args.UsageException("run needs --bootstrap HOST:PORT (or TOLLGATE_BOOTSTRAP)"));
    Topics.ensure(bootstrap, terminal);
    RunningService running = service.start(bootstrap, args);
    terminal.out().println(running.describe());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "tollgate-stop"));
    stopped.await();
    return 0;
  }
}
