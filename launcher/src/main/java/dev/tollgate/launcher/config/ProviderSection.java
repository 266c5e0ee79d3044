package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.GeminiSpec;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderConfig;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.config.SimulatorFailure;
import dev.tollgate.schemas.config.SimulatorSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one entry of {@code providers}: an id, an {@code api}, and that api's own fields in the same mapping. */
final class ProviderSection {
  static final String DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
  static final String DEFAULT_GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";
  static final long DEFAULT_SIMULATOR_TTFT_MS = 50;
  static final long DEFAULT_SIMULATOR_TOKENS_PER_SECOND = 200;
  static final int DEFAULT_SIMULATOR_RESPONSE_TOKENS = 32;

  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
  private static final Pattern AZURE_API_VERSION = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?");
  // Headers that carry credentials: those belong in api_key_env, where they never reach the topic.
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "api-key", "x-api-key", "x-goog-api-key");

  /** The wire formats a provider can speak, as written after {@code api:}. */
  enum Api {
    OPENAI_COMPATIBLE,
    AZURE_OPENAI,
    ANTHROPIC,
    GEMINI,
    BEDROCK,
    SIMULATOR
  }

  private ProviderSection() {}

  static Optional<ProviderConfig> read(Fields f, Catalog catalog) {
    int before = f.problems().count();
    String id = Formats.id(f, "id");
    if (id != null) {
      catalog.declare(ConfigKind.PROVIDER, id, f.value("id"), f.pathOf("id"));
    }
    Api api = f.require("api", "one of: " + String.join(", ", Scalars.wireNames(Api.class)))
        ? f.choice("api", Api.class)
        : null;
    if (api == null) {
      // Without the api we cannot know which fields belong, so unknown-field hints would only mislead.
      return Optional.empty();
    }
    ProviderSpec spec = spec(api, f);
    f.rejectUnknown();
    return f.build(before, () -> new ProviderConfig(ProviderConfig.CURRENT_SCHEMA_VERSION, id, spec));
  }

  /** One exhaustive switch: a new api does not compile until it is read here. */
  private static ProviderSpec spec(Api api, Fields f) {
    int before = f.problems().count();
    return switch (api) {
      case OPENAI_COMPATIBLE -> openAiCompatible(f, before);
      case AZURE_OPENAI -> azure(f, before);
      case ANTHROPIC -> anthropic(f, before);
      case GEMINI -> gemini(f, before);
      case BEDROCK -> bedrock(f, before);
      case SIMULATOR -> simulator(f, before);
    };
  }

  private static ProviderSpec openAiCompatible(Fields f, int before) {
    String baseUrl = Formats.url(f, "base_url", true);
    String keyEnv = Formats.envName(f, "api_key_env", false);
    Map<String, String> headers = headers(f);
    return f.build(before, () -> new OpenAiCompatibleSpec(baseUrl, keyEnv, headers)).orElse(null);
  }

  private static ProviderSpec azure(Fields f, int before) {
    String endpoint = Formats.url(f, "endpoint", true);
    String version = azureApiVersion(f);
    String keyEnv = Formats.envName(f, "api_key_env", true);
    return f.build(before, () -> new AzureOpenAiSpec(endpoint, version, keyEnv)).orElse(null);
  }

  private static ProviderSpec anthropic(Fields f, int before) {
    String baseUrl = orDefault(Formats.url(f, "base_url", false), DEFAULT_ANTHROPIC_BASE_URL);
    String keyEnv = Formats.envName(f, "api_key_env", true);
    String version = f.text("anthropic_version");
    return f.build(before, () -> new AnthropicSpec(baseUrl, keyEnv, version)).orElse(null);
  }

  private static ProviderSpec gemini(Fields f, int before) {
    String baseUrl = orDefault(Formats.url(f, "base_url", false), DEFAULT_GEMINI_BASE_URL);
    String keyEnv = Formats.envName(f, "api_key_env", true);
    return f.build(before, () -> new GeminiSpec(baseUrl, keyEnv)).orElse(null);
  }

  private static ProviderSpec bedrock(Fields f, int before) {
    String region = f.requiredText("region", "an AWS region like us-east-1");
    if (region != null && !AWS_REGION.matcher(region).matches()) {
      f.problems().add(f.value("region"), f.pathOf("region"), "'" + region + "' is not an AWS region",
          "an AWS region like us-east-1");
    }
    String keyId = Formats.envName(f, "access_key_id_env", true);
    String secret = Formats.envName(f, "secret_access_key_env", true);
    String session = Formats.envName(f, "session_token_env", false);
    String endpoint = Formats.url(f, "endpoint_url", false);
    return f.build(before, () -> new BedrockSpec(region, keyId, secret, session, endpoint)).orElse(null);
  }

  private static ProviderSpec simulator(Fields f, int before) {
    Long ttft = f.whole("ttft_ms", 0, 600_000);
    Long speed = f.whole("tokens_per_second", 0, 1_000_000);
    Integer tokens = f.integer("response_tokens", 1, 1_000_000);
    SimulatorFailure failure = f.mapping("failure").map(ProviderSection::failure).orElse(null);
    return f.build(before, () -> new SimulatorSpec(
            ttft == null ? DEFAULT_SIMULATOR_TTFT_MS : ttft,
            speed == null ? DEFAULT_SIMULATOR_TOKENS_PER_SECOND : speed,
            tokens == null ? DEFAULT_SIMULATOR_RESPONSE_TOKENS : tokens,
            failure))
        .orElse(null);
  }

  private static SimulatorFailure failure(Fields f) {
    int before = f.problems().count();
    SimulatorFailure.FailureKind kind =
        f.require("kind", "one of: " + String.join(", ", Scalars.wireNames(SimulatorFailure.FailureKind.class)))
            ? f.choice("kind", SimulatorFailure.FailureKind.class)
            : null;
    Integer status = f.integer("status", 100, 599);
    Integer retryAfter = f.integer("retry_after_seconds", 0, 86_400);
    Integer afterChunks = f.integer("after_chunks", 0, 1_000_000);
    Integer everyNth = f.integer("every_nth", 1, 1_000_000);
    f.rejectUnknown();
    return f.build(before, () -> new SimulatorFailure(kind, status, retryAfter, afterChunks, everyNth))
        .orElse(null);
  }

  private static String azureApiVersion(Fields f) {
    String expected = "an Azure OpenAI api-version like 2024-10-21";
    String version = f.requiredText("api_version", expected);
    if (version != null && !AZURE_API_VERSION.matcher(version).matches()) {
      f.problems().add(f.value("api_version"), f.pathOf("api_version"), "'" + version
          + "' is not an api-version", expected);
    }
    return version;
  }

  private static Map<String, String> headers(Fields f) {
    Map<String, String> headers = new LinkedHashMap<>();
    f.mapping("headers").ifPresent(h -> {
      for (NodeTuple tuple : h.node().getValue()) {
        Node valueNode = tuple.getValueNode();
        if (!(tuple.getKeyNode() instanceof ScalarNode) || !(valueNode instanceof ScalarNode)) {
          f.problems().add(valueNode, h.path(), "a header is a name and a single value", "name: value");
          continue;
        }
        String name = ((ScalarNode) tuple.getKeyNode()).getValue();
        String value = ((ScalarNode) valueNode).getValue();
        if (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || Formats.looksLikeSecret(value)) {
          f.problems().add(valueNode, h.pathOf(name), "headers must not carry credentials; never put secrets in "
              + "the file", "the secret in an environment variable named by api_key_env");
          continue;
        }
        headers.put(name, value);
      }
    });
    return headers;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
