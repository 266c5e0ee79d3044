package dev.tollgate.bench.stack;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The configuration the benchmark applies with {@code tollgate apply}: every upstream is an
 * {@code openai_compatible} provider pointing at a simulator in the upstream process, so the edge does no upstream
 * work itself. Governance is on: one tenant and one key, with limits set (so the limiter runs) far above the load,
 * and a hard budget on the tenant ({@value #BENCH_BUDGET}, so every request is admitted against it, reserves and
 * settles) far above what a run spends.
 *
 * <p>The loop scenario has a tenant, a key and a model of its own ({@value #LOOP_TENANT}, {@value #LOOP_MODEL}):
 * the model is served by the instant simulator, its prompt is free and its completion costs 0.60 USD per million
 * tokens, so a request of {@code max_tokens} = {@link #LOOP_COMPLETION_TOKENS} costs exactly
 * {@link #LOOP_REQUEST_NANO_USD} and reserves as much. Its hard budget is re-applied round after round.
 */
public final class BenchConfig {
  /** The tenant's limits: present, so every request goes through the limiter, and never reached by the bench. */
  static final long REQUESTS_PER_MINUTE = 100_000_000L;
  static final long TOKENS_PER_MINUTE = 100_000_000_000L;
  static final long CONCURRENT_REQUESTS = 50_000L;

  /** The bench tenant's budget: hard, so the gate checks every request, and never reached by the bench. */
  public static final String BENCH_BUDGET = "bench-governance";
  static final String BENCH_BUDGET_USD = "1000000";

  /** The loop scenario's tenant, key id and model. */
  public static final String LOOP_TENANT = "loop";
  public static final String LOOP_KEY = "loop";
  public static final String LOOP_MODEL = "bench-loop";
  /** What the instant simulator answers: 16 completion tokens. */
  public static final int LOOP_COMPLETION_TOKENS = 16;
  /** 16 tokens at 0.60 USD per million: 9,600 nano-USD. */
  public static final long LOOP_REQUEST_NANO_USD = 9_600;

  private BenchConfig() {}

  /** A hard monthly budget on the loop tenant. */
  public record LoopBudget(String id, long amountNanoUsd) {
    String amountUsd() {
      return BigDecimal.valueOf(amountNanoUsd, 9).stripTrailingZeros().toPlainString();
    }
  }

  /**
   * The YAML text.
   *
   * @param upstreams each model alias and the simulator ports that serve it (one deployment per port)
   * @param keyId the virtual key's id
   * @param keyHash its {@code sha256:} hash
   * @param loopKeyHash the {@code sha256:} hash of the loop tenant's key
   * @param loopBudget the loop tenant's budget, or null for none
   */
  public static String yaml(Map<String, List<Integer>> upstreams, String keyId, String keyHash, String loopKeyHash,
      LoopBudget loopBudget) {
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
    // the loop's model on the first instant simulator: a free prompt, so a request costs its completion only
    providers.append("  - id: ").append(LOOP_MODEL).append('\n')
        .append("    api: openai_compatible\n")
        .append("    base_url: http://127.0.0.1:").append(upstreams.get(Stack.INSTANT).get(0)).append("/v1\n");
    models.append("  - id: ").append(LOOP_MODEL).append('\n')
        .append("    deployments:\n")
        .append("      - id: ").append(LOOP_MODEL).append('\n')
        .append("        provider: ").append(LOOP_MODEL).append('\n')
        .append("        upstream_model: ").append(Stack.INSTANT).append('\n')
        .append("        capabilities: [chat]\n")
        .append("        price: {input_per_mtok_usd: 0, output_per_mtok_usd: 0.60}\n");
    String budgets = "budgets:\n"
        + "  - id: " + BENCH_BUDGET + "\n"
        + "    scope: {tenant: bench}\n"
        + "    amount_usd: " + BENCH_BUDGET_USD + "\n"
        + "    window: monthly\n"
        + "    mode: hard\n"
        + (loopBudget == null ? "" : "  - id: " + loopBudget.id() + "\n"
        + "    scope: {tenant: " + LOOP_TENANT + "}\n"
        + "    amount_usd: " + loopBudget.amountUsd() + "\n"
        + "    window: monthly\n"
        + "    mode: hard\n");
    return "# Written by the benchmark for one run.\nversion: 1\n" + providers + models
        + "tenants:\n"
        + "  - id: bench\n"
        + "    name: Benchmark\n"
        + "    limits:\n"
        + "      requests_per_minute: " + REQUESTS_PER_MINUTE + "\n"
        + "      tokens_per_minute: " + TOKENS_PER_MINUTE + "\n"
        + "      concurrent_requests: " + CONCURRENT_REQUESTS + "\n"
        + "  - id: " + LOOP_TENANT + "\n"
        + "    name: Budget loop\n"
        + "keys:\n"
        + "  - id: " + keyId + "\n"
        + "    tenant: bench\n"
        + "    secret_hash: " + keyHash + "\n"
        + "    scopes: [chat]\n"
        + "    limits:\n"
        + "      requests_per_minute: " + REQUESTS_PER_MINUTE + "\n"
        + "      tokens_per_minute: " + TOKENS_PER_MINUTE + "\n"
        + "  - id: " + LOOP_KEY + "\n"
        + "    tenant: " + LOOP_TENANT + "\n"
        + "    secret_hash: " + loopKeyHash + "\n"
        + budgets;
  }
}
