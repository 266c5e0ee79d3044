package dev.tollgate.adapters.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.Secrets;
import dev.tollgate.adapters.StreamTranslator;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.Translator;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.UpstreamHeaders;
import dev.tollgate.adapters.UpstreamRequest;
import dev.tollgate.adapters.Usage;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.Base64;

/**
 * One embeddings request: a string input through {@code embedContent}, an array of strings through
 * {@code batchEmbedContents}; {@code dimensions} is {@code outputDimensionality}. Gemini reports no tokens for
 * embeddings, so the usage is always estimated. {@code encoding_format: base64} is honoured here, as OpenAI does it:
 * the vector's little-endian float32 bytes in base64.
 */
final class GeminiEmbeddings implements Translator {
  private final Clock clock;
  private OpenAiRequest request;
  private Usage usage;
  private boolean base64;

  GeminiEmbeddings(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    if (request.endpoint() != OpenAiEndpoint.EMBEDDINGS) {
      throw new IllegalArgumentException("a " + request.endpoint() + " request given to the Gemini embeddings"
          + " translator");
    }
    ModelMethods model = ModelMethods.of(spec, deployment, secrets);
    JsonNode body;
    try {
      body = GeminiJson.tree(request.body());
    } catch (IOException e) {
      throw new IllegalStateException("a parsed request is JSON", e);
    }
    JsonNode dimensions = null;
    for (var field : body.properties()) {
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "model", "input", "user" -> { }
        case "dimensions" -> dimensions = value.isNull() ? null : value;
        case "encoding_format" -> base64 = encoding(value);
        default -> {
          if (!value.isNull()) {
            throw new InvalidRequestException("Unsupported parameter: '" + field.getKey() + "' is not supported"
                + " with Gemini models.", field.getKey());
          }
        }
      }
    }
    if (dimensions != null && (!dimensions.isIntegralNumber() || dimensions.asInt() < 1)) {
      throw new InvalidRequestException("Invalid 'dimensions': expected a positive integer.", "dimensions");
    }
    UpstreamRequest upstream = upstream(model, body.get("input"), dimensions);
    this.request = request;
    this.usage = Usage.estimated(TokenEstimator.forModel(deployment.upstreamModel()).promptTokens(request), 0);
    return upstream;
  }

  private static UpstreamRequest upstream(ModelMethods model, JsonNode input, JsonNode dimensions)
      throws InvalidRequestException {
    if (input.isTextual()) {
      ObjectNode single = content(input.asText(), dimensions);
      return new UpstreamRequest("POST", model.url("embedContent"), model.headers(false),
          GeminiJson.bytes(single));
    }
    ObjectNode batch = GeminiJson.object();
    ArrayNode requests = batch.putArray("requests");
    for (JsonNode item : input) {
      if (!item.isTextual()) {
        throw new InvalidRequestException("Invalid 'input': Gemini embeds text only, not token arrays.", "input");
      }
      ObjectNode one = requests.addObject();
      one.put("model", model.modelName());
      one.setAll(content(item.asText(), dimensions));
    }
    if (requests.isEmpty()) {
      throw new InvalidRequestException("Invalid 'input': empty array.", "input");
    }
    return new UpstreamRequest("POST", model.url("batchEmbedContents"), model.headers(false),
        GeminiJson.bytes(batch));
  }

  private static ObjectNode content(String text, JsonNode dimensions) {
    ObjectNode request = GeminiJson.object();
    request.putObject("content").putArray("parts").addObject().put("text", text);
    if (dimensions != null) {
      request.set("outputDimensionality", dimensions);
    }
    return request;
  }

  private static boolean encoding(JsonNode format) throws InvalidRequestException {
    if (format.isNull() || "float".equals(format.asText())) {
      return false;
    } else if ("base64".equals(format.asText())) {
      return true;
    }
    throw new InvalidRequestException("Invalid value for 'encoding_format': expected 'float' or 'base64'.",
        "encoding_format");
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    if (request == null) {
      throw new IllegalStateException("translateRequest must be called first");
    }
    if (status < 200 || status > 299) {
      return GeminiErrors.fromResponse(status, headers, body, clock.instant());
    }
    JsonNode response;
    try {
      response = GeminiJson.tree(body);
    } catch (IOException e) {
      response = null;
    }
    if (response == null || !response.isObject() || GeminiErrors.isError(response)) {
      return response != null && response.isObject()
          ? GeminiErrors.embedded(body)
          : new UpstreamFailure(502, "server_error", "upstream_invalid_response",
              "upstream returned a body that is not JSON", null, true);
    }
    ArrayNode embeddings = GeminiJson.object().arrayNode();
    if (response.has("embedding")) {
      embeddings.add(response.get("embedding"));
    } else {
      embeddings.addAll((ArrayNode) response.withArray("embeddings"));
    }
    ObjectNode out = GeminiJson.object();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    for (int i = 0; i < embeddings.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      JsonNode values = embeddings.get(i).path("values");
      if (base64) {
        item.put("embedding", base64(values));
      } else {
        item.set("embedding", values);
      }
    }
    out.put("model", request.model());
    ObjectNode usageNode = out.putObject("usage");
    usageNode.put("prompt_tokens", usage.promptTokens());
    usageNode.put("total_tokens", usage.totalTokens());
    return new TranslatedResponse.Success(GeminiJson.bytes(out), usage);
  }

  private static String base64(JsonNode values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    values.forEach(v -> buffer.putFloat((float) v.asDouble()));
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  @Override
  public StreamTranslator streamTranslator() {
    throw new IllegalStateException("embeddings are never streamed");
  }
}
