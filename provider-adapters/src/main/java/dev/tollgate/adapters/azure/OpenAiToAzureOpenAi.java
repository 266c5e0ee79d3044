package dev.tollgate.adapters.azure;

import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderSpec;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One request to an Azure OpenAI deployment: the OpenAI-compatible translator with Azure's URL, key and errors. */
final class OpenAiToAzureOpenAi implements Translator {
  private final Translator compatible;

  OpenAiToAzureOpenAi(Translator compatible) {
    this.compatible = compatible;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    AzureOpenAiSpec azure = azureSpec(spec);
    String key = secrets.require(azure.apiKeyEnv());
    // no key in the spec handed on: it is a record, whose toString would show it
    OpenAiCompatibleSpec base = new OpenAiCompatibleSpec(deploymentUrl(azure, deployment), null, Map.of());
    UpstreamRequest openAi = compatible.translateRequest(request, base, deployment, secrets);
    return new UpstreamRequest(
        openAi.method(),
        openAi.url() + "?api-version=" + encode(azure.apiVersion()),
        openAi.headers(),
        withoutModel(openAi.body()))
        .withHeader("api-key", key);
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    TranslatedResponse response = compatible.translateResponse(status, headers, body);
    if (response instanceof UpstreamFailure failure && (status < 200 || status > 299)) {
      return AzureErrors.refine(failure, body);
    }
    return response;
  }

  @Override
  public StreamTranslator streamTranslator() {
    return compatible.streamTranslator();
  }

  private static AzureOpenAiSpec azureSpec(ProviderSpec spec) {
    if (spec instanceof AzureOpenAiSpec azure) {
      return azure;
    }
    throw new IllegalArgumentException("expected an azure_openai provider spec, got "
        + spec.getClass().getSimpleName());
  }

  private static String deploymentUrl(AzureOpenAiSpec spec, Deployment deployment) {
    String base = spec.endpoint().endsWith("/")
        ? spec.endpoint().substring(0, spec.endpoint().length() - 1)
        : spec.endpoint();
    return base + "/openai/deployments/" + encode(deployment.upstreamModel());
  }

  /** Deployment names are letters, digits, {@code -}, {@code _} and {@code .}; anything else is escaped. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] withoutModel(byte[] body) {
    try {
      Map<String, String> changes = new HashMap<>();
      changes.put("model", null);
      return JsonMembers.scan(body).rewrite(changes);
    } catch (IOException e) {
      throw new IllegalStateException("the OpenAI-compatible translator built a body that is not JSON", e);
    }
  }
}
