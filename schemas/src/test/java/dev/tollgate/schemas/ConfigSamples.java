package dev.tollgate.schemas;

import dev.tollgate.schemas.RecordSamples.Sample;
import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetMode;
import dev.tollgate.schemas.config.BudgetScope;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigRevision;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.GeminiSpec;
import dev.tollgate.schemas.config.KeyConfig;
import dev.tollgate.schemas.config.Limits;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.config.RouteStrategy;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorSpec;
import dev.tollgate.schemas.config.TenantConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Realistic and edge-case values of every kind of {@link ConfigEntity} on {@code tollgate.config}, each provider
 * wire format included; part of {@link RecordSamples#all()}.
 */
public final class ConfigSamples {

  private static final Instant APPLIED_AT = RecordSamples.STARTED_AT;

  private ConfigSamples() {}

  /**
   * Every config sample.
   *
   * @return samples of type {@link ConfigEntity}
   */
  public static List<Sample<?>> all() {
    return List.of(
        new Sample<>("config, OpenAI-compatible provider", ConfigEntity.class, openAiProvider()),
        new Sample<>("config, OpenAI-compatible provider, no key", ConfigEntity.class, localProvider()),
        new Sample<>("config, Azure provider", ConfigEntity.class, provider(new AzureOpenAiSpec(
            "https://acme.openai.azure.com", "2024-10-21", "AZURE_OPENAI_API_KEY"))),
        new Sample<>("config, Anthropic provider, default version", ConfigEntity.class, provider(
            new AnthropicSpec("https://api.anthropic.com", "ANTHROPIC_API_KEY", null))),
        new Sample<>("config, Gemini provider", ConfigEntity.class, provider(
            new GeminiSpec("https://generativelanguage.googleapis.com", "GEMINI_API_KEY"))),
        new Sample<>("config, Bedrock provider", ConfigEntity.class, provider(
            new BedrockSpec("eu-west-1", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"))),
        new Sample<>("config, Bedrock provider on a VPC endpoint", ConfigEntity.class, provider(
            new BedrockSpec("eu-west-1", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", null,
                "https://vpce-0abc-bedrock-runtime.eu-west-1.vpce.amazonaws.com"))),
        new Sample<>("config, simulator provider cutting streams", ConfigEntity.class, simulatorProvider()),
        new Sample<>("config, model with two deployments", ConfigEntity.class, modelConfig()),
        new Sample<>("config, model with a bare deployment", ConfigEntity.class, bareModelConfig()),
        new Sample<>("config, tenant with limits", ConfigEntity.class, tenantConfig()),
        new Sample<>("config, disabled tenant, no limits", ConfigEntity.class,
            new TenantConfig(TenantConfig.CURRENT_SCHEMA_VERSION, "legacy", null, null, true)),
        new Sample<>("config, key", ConfigEntity.class, keyConfig()),
        new Sample<>("config, key for every model", ConfigEntity.class, new KeyConfig(
            KeyConfig.CURRENT_SCHEMA_VERSION, "k2", "acme", secretHash('b'), null, null, null, null, null, false)),
        new Sample<>("config, monthly budget", ConfigEntity.class, budgetConfig()),
        new Sample<>("config, rolling budget with defaults", ConfigEntity.class, new BudgetConfig(
            BudgetConfig.CURRENT_SCHEMA_VERSION, "acme-week", new BudgetScope("acme", null, null),
            new BigDecimal("0.0000001"), new BudgetWindow(BudgetWindow.WindowKind.ROLLING, 7),
            null, null, null, null)),
        new Sample<>("config, revision", ConfigEntity.class, new ConfigRevision(
            ConfigRevision.CURRENT_SCHEMA_VERSION, ConfigRevision.ID, 42, APPLIED_AT, "9f86d081884c7d65", 12)));
  }

  /**
   * OpenAI itself, with an organization header.
   *
   * @return the provider
   */
  public static ProviderConfig openAiProvider() {
    return new ProviderConfig(
        ProviderConfig.CURRENT_SCHEMA_VERSION,
        "openai",
        new OpenAiCompatibleSpec(
            "https://api.openai.com/v1", "OPENAI_API_KEY", Map.of("OpenAI-Organization", "org-acme", "X-Team", "ml")));
  }

  /**
   * A local model server that needs no key.
   *
   * @return the provider
   */
  public static ProviderConfig localProvider() {
    return new ProviderConfig(
        ProviderConfig.CURRENT_SCHEMA_VERSION,
        "ollama",
        new OpenAiCompatibleSpec("http://127.0.0.1:11434/v1", null, null));
  }

  /**
   * The built-in simulator, cutting every third stream after five chunks.
   *
   * @return the provider
   */
  public static ProviderConfig simulatorProvider() {
    return provider(
        new SimulatorSpec(
            150, 80, 64, new SimulatorFailure(SimulatorFailure.FailureKind.CUT_STREAM, null, null, 5, 3)));
  }

  /**
   * gpt-4o on OpenAI and Azure, weighted 3:1, with a price change.
   *
   * @return the model
   */
  public static ModelConfig modelConfig() {
    return new ModelConfig(
        ModelConfig.CURRENT_SCHEMA_VERSION,
        "gpt-4o",
        RouteStrategy.WEIGHTED,
        List.of(
            new Deployment(
                "openai-gpt-4o",
                "openai",
                "gpt-4o-2024-08-06",
                3,
                0,
                List.of(
                    new Price(null, new BigDecimal("5.00"), new BigDecimal("15.00"), null, null),
                    RecordSamples.price()),
                Set.of(Capability.CHAT, Capability.TOOLS, Capability.VISION),
                128_000,
                16_384),
            new Deployment(
                "azure-gpt-4o",
                "azure",
                "gpt-4o",
                1,
                1,
                List.of(RecordSamples.price()),
                Set.of(Capability.CHAT),
                null,
                null)),
        List.of("gpt-4o-mini"));
  }

  /**
   * A model whose one deployment has no price, capability or limit.
   *
   * @return the model
   */
  public static ModelConfig bareModelConfig() {
    return new ModelConfig(
        ModelConfig.CURRENT_SCHEMA_VERSION,
        "local-llama",
        null,
        List.of(new Deployment("ollama-llama", "ollama", "llama3.1:8b", 1, 0, null, null, null, null)),
        null);
  }

  /**
   * A tenant with every limit set.
   *
   * @return the tenant
   */
  public static TenantConfig tenantConfig() {
    return new TenantConfig(
        TenantConfig.CURRENT_SCHEMA_VERSION, "acme", "Acme Corp", new Limits(600L, 2_000_000L, 20), false);
  }

  /**
   * A key limited to two models and chat.
   *
   * @return the key
   */
  public static KeyConfig keyConfig() {
    return new KeyConfig(
        KeyConfig.CURRENT_SCHEMA_VERSION,
        "k1",
        "acme",
        secretHash('a'),
        "ci pipeline",
        Set.of(Scope.CHAT, Scope.MODELS),
        List.of("gpt-4o", "gpt-4o-mini"),
        new Limits(60L, null, 4),
        Instant.parse("2027-01-01T00:00:00Z"),
        false);
  }

  /**
   * A hard monthly budget of 100 USD for a key, in Paris time, with a webhook.
   *
   * @return the budget
   */
  public static BudgetConfig budgetConfig() {
    return new BudgetConfig(
        BudgetConfig.CURRENT_SCHEMA_VERSION,
        "acme-k1-monthly",
        new BudgetScope("acme", "k1", null),
        new BigDecimal("100.00"),
        new BudgetWindow(BudgetWindow.WindowKind.MONTHLY, null),
        List.of(50, 80, 100),
        BudgetMode.HARD,
        "Europe/Paris",
        "https://hooks.example.com/budget");
  }

  private static ProviderConfig provider(ProviderSpec spec) {
    String id = spec.getClass().getSimpleName().replace("Spec", "").toLowerCase(Locale.ROOT);
    return new ProviderConfig(ProviderConfig.CURRENT_SCHEMA_VERSION, id, spec);
  }

  private static String secretHash(char digit) {
    return "sha256:" + String.valueOf(digit).repeat(64);
  }
}
