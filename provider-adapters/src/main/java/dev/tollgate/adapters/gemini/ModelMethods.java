package dev.tollgate.adapters.gemini;

import dev.tollgate.adapters.Secrets;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.GeminiSpec;
import dev.tollgate.schemas.config.ProviderSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one model's methods live and how to authenticate: {@code {base_url}/v1beta/models/{model}:{method}}, with
 * the key in the {@code x-goog-api-key} header (never in the URL's {@code ?key=}, which proxies and access logs
 * keep).
 */
final class ModelMethods {
  static final String API_KEY_HEADER = "x-goog-api-key";

  private final String modelUrl;
  private final String modelName;
  private final String key;

  private ModelMethods(String modelUrl, String modelName, String key) {
    this.modelUrl = modelUrl;
    this.modelName = modelName;
    this.key = key;
  }

  static ModelMethods of(ProviderSpec spec, Deployment deployment, Secrets secrets) {
    if (!(spec instanceof GeminiSpec gemini)) {
      throw new IllegalArgumentException("expected a gemini provider spec, got " + spec.getClass().getSimpleName());
    }
    String key = secrets.require(gemini.apiKeyEnv());
    String base = gemini.baseUrl().endsWith("/")
        ? gemini.baseUrl().substring(0, gemini.baseUrl().length() - 1)
        : gemini.baseUrl();
    String name = resourceName(deployment.upstreamModel());
    return new ModelMethods(base + "/v1beta/" + name, name, key);
  }

  /** The model's resource name, {@code models/{id}}; a configured {@code models/…} or {@code tunedModels/…} stays. */
  private static String resourceName(String upstreamModel) {
    int slash = upstreamModel.indexOf('/');
    if (slash > 0 && (upstreamModel.startsWith("models/") || upstreamModel.startsWith("tunedModels/"))) {
      return upstreamModel.substring(0, slash + 1) + encode(upstreamModel.substring(slash + 1));
    }
    return "models/" + encode(upstreamModel);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The model's resource name, as {@code batchEmbedContents} wants it in each request. */
  String modelName() {
    return modelName;
  }

  String url(String method) {
    return modelUrl + ":" + method;
  }

  Map<String, String> headers(boolean stream) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "text/event-stream" : "application/json");
    headers.put(API_KEY_HEADER, key);
    return headers;
  }

  @Override
  public String toString() {
    return "ModelMethods[" + modelUrl + "]";
  }
}
