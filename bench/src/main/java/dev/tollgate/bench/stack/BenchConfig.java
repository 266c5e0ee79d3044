package dev.tollgate.bench.stack;

import java.util.List;
import java.util.Map;

/**
 * The configuration the benchmark applies with {@code tollgate apply}: every upstream is an
 * {@code openai_compatible} provider pointing at a simulator in the upstream process, so the edge does no upstream
 * work itself. Governance is on: one tenant and one key, with limits set (so the limiter runs) far above the load.
 */
public final class BenchConfig {
  /** The tenant's limits: present, so every request goes through the limiter, and never reached by the bench. */
  static final long REQUESTS_PER_MINUTE = 100_000_000L;
  static final long TOKENS_PER_MINUTE = 100_000_000_000L;
  static final long CONCURRENT_REQUESTS = 50_000L;

  private BenchConfig() {}

  /**
   * The YAML text.
   *
   * @param upstreams each model alias and the simulator ports that serve it (one deployment per port)
   * @param keyId the virtual key's id
   * @param keyHash its {@code sha256:} hash
   */
  public static String yaml(Map<String, List<Integer>> upstreams, String keyId, String keyHash) {
    StringBuilder providers = new StringBuilder("providers:\n");
    StringBuilder models = new StringBuilder("models:\n");
    upstreams.forEach((model, ports) -> {
      models.append("  - id: ").append(model).append('\n')
          .append("    deployments:\n");
      for (int i = 0; i < ports.size(); i++) {
        String id = model + "-" + i;
        providers.append("  - id: ").append(id).append('\n')
            .append("    api: openai_compatible\n")
            .append("    base_url: http://127.0.0.1:").append(ports.get(i)).append("/v1\n");
        models.append("      - id: ").append(id).append('\n')
            .append("        provider: ").append(id).append('\n')
            .append("        upstream_model: ").append(model).append('\n')
            .append("        capabilities: [chat]\n")
            .append("        price: {input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.60}\n");
      }
    });
    return "# Written by the benchmark for one run.\nversion: 1\n" + providers + models
        + "tenants:\n"
        + "  - id: bench\n"
        + "    name: Benchmark\n"
        + "    limits:\n"
        + "      requests_per_minute: " + REQUESTS_PER_MINUTE + "\n"
        + "      tokens_per_minute: " + TOKENS_PER_MINUTE + "\n"
        + "      concurrent_requests: " + CONCURRENT_REQUESTS + "\n"
        + "keys:\n"
        + "  - id: " + keyId + "\n"
        + "    tenant: bench\n"
        + "    secret_hash: " + keyHash + "\n"
        + "    scopes: [chat]\n"
        + "    limits:\n"
        + "      requests_per_minute: " + REQUESTS_PER_MINUTE + "\n"
        + "      tokens_per_minute: " + TOKENS_PER_MINUTE + "\n";
  }
}
