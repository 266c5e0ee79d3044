package dev.tollgate.adapters.openai;

import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.config.SimulatorSpec;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One request to an OpenAI-compatible upstream, on one endpoint. */
final class OpenAiCompatibleTranslator implements Translator {
  private static final String FORCED_USAGE = "{\"include_usage\":true}";

  private final OpenAiEndpoint endpoint;
  private final Clock clock;
  private Exchange exchange;
  private OpenAiCompatibleStream stream;

  OpenAiCompatibleTranslator(OpenAiEndpoint endpoint, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets) {
    if (request.endpoint() != endpoint) {
      throw new IllegalArgumentException("a " + request.endpoint() + " request given to a " + endpoint + " translator");
    }
    OpenAiCompatibleSpec compatible = compatibleSpec(spec);
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("model", JsonMembers.quote(deployment.upstreamModel()));
    if (request.stream()) { // never true on embeddings
      // usage is metered on every stream, so it is always asked for; the client's other options stay
      changes.put("stream_options", streamOptionsWithUsage(request));
    }
    exchange = new Exchange(request, TokenEstimator.forModel(deployment.upstreamModel()));
    return new UpstreamRequest(
        "POST", url(compatible.baseUrl()), headers(compatible, request.stream(), secrets), request.rewrite(changes));
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    Exchange current = exchange();
    if (status < 200 || status > 299) {
      return UpstreamErrors.fromResponse(status, headers, body, clock.instant());
    }
    return ResponseBodies.translate(current, body);
  }

  @Override
  public StreamTranslator streamTranslator() {
    Exchange current = exchange();
    if (!endpoint.streams()) {
      throw new IllegalStateException(endpoint + " is never streamed");
    }
    if (stream == null) {
      stream = new OpenAiCompatibleStream(current);
    }
    return stream;
  }

  private Exchange exchange() {
    if (exchange == null) {
      throw new IllegalStateException("translateRequest must be called first");
    }
    return exchange;
  }

  private static OpenAiCompatibleSpec compatibleSpec(ProviderSpec spec) {
    if (spec instanceof OpenAiCompatibleSpec compatible) {
      return compatible;
    } else if (spec instanceof SimulatorSpec) {
      throw new IllegalArgumentException(
          "a simulator provider is reached through its running SimulatorServer: pass its upstreamSpec()");
    }
    throw new IllegalArgumentException("expected an openai_compatible provider spec, got "
        + spec.getClass().getSimpleName());
  }

  private static String streamOptionsWithUsage(OpenAiRequest request) {
    byte[] options = request.member("stream_options").orElse(null);
    if (options == null) {
      return FORCED_USAGE;
    }
    try {
      return new String(
          JsonMembers.scan(options).rewrite(Map.of("include_usage", "true")),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      // null, or not an object (already refused by OpenAiRequest): replace it
      return FORCED_USAGE;
    }
  }

  private String url(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base + endpoint.path();
  }

  private static Map<String, String> headers(OpenAiCompatibleSpec spec, boolean stream, Secrets secrets) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "text/event-stream" : "application/json");
    if (spec.apiKeyEnv() != null && !spec.apiKeyEnv().isBlank()) {
      headers.put("authorization", "Bearer " + secrets.require(spec.apiKeyEnv()));
    }
    // configured headers last, in name order, so that they can override ours
    new TreeMap<>(spec.headers()).forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
    return headers;
  }
}
