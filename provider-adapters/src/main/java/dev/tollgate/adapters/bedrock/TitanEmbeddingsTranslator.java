package dev.tollgate.adapters.bedrock;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
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
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.adapters.json.JsonMembers.Member;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ProviderSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One embeddings request to an Amazon Titan Text Embeddings model through {@code InvokeModel}
 * ({@code POST /model/{modelId}/invoke}, body {@code {"inputText": …}}, answer {@code {"embedding": […],
 * "inputTextTokenCount": n}}). Titan embeds one text per call, so {@code input} must be one string (or an array of
 * one); {@code dimensions} passes through (Titan V2), {@code encoding_format} is {@code float} or {@code base64}.
 */
final class TitanEmbeddingsTranslator implements Translator {
  private static final Set<String> UNDERSTOOD = Set.of("model", "input", "dimensions", "encoding_format", "user");

  private final Clock clock;
  private OpenAiRequest request;
  private TokenEstimator estimator;
  private boolean base64;

  TitanEmbeddingsTranslator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpstreamRequest translateRequest(
      OpenAiRequest request, ProviderSpec spec, Deployment deployment, Secrets secrets)
      throws InvalidRequestException {
    if (request.endpoint() != OpenAiEndpoint.EMBEDDINGS) {
      throw new IllegalArgumentException("a " + request.endpoint() + " request given to the Titan translator");
    }
    JsonNode root;
    try {
      root = BedrockJson.MAPPER.readTree(request.body());
    } catch (IOException e) {
      throw new InvalidRequestException("We could not parse the JSON body of your request.", null);
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!UNDERSTOOD.contains(field.getKey()) && !field.getValue().isNull()) {
        throw new InvalidRequestException("Unsupported parameter: '" + field.getKey()
            + "' is not supported by Amazon Titan embeddings on AWS Bedrock.", field.getKey());
      }
    }
    ObjectNode titan = BedrockJson.MAPPER.createObjectNode();
    titan.put("inputText", inputText(root.path("input")));
    JsonNode dimensions = root.path("dimensions");
    if (dimensions.isIntegralNumber()) {
      titan.set("dimensions", dimensions);
    } else if (!dimensions.isMissingNode() && !dimensions.isNull()) {
      throw new InvalidRequestException("Invalid type for 'dimensions': expected an integer.", "dimensions");
    }
    JsonNode format = root.path("encoding_format");
    base64 = "base64".equals(format.asText());
    if (!format.isMissingNode() && !format.isNull() && !base64 && !"float".equals(format.asText())) {
      throw new InvalidRequestException("Invalid value for 'encoding_format': expected 'float' or 'base64'.",
          "encoding_format");
    }
    this.request = request;
    this.estimator = TokenEstimator.forModel(deployment.upstreamModel());
    return SignedRequests.post(spec, deployment, secrets, clock, "invoke", "application/json",
        BedrockJson.bytes(titan));
  }

  private static String inputText(JsonNode input) throws InvalidRequestException {
    if (input.isTextual()) {
      return input.asText();
    } else if (input.isArray() && input.size() == 1 && input.get(0).isTextual()) {
      return input.get(0).asText();
    } else if (input.isArray() && input.size() > 1) {
      throw new InvalidRequestException("Amazon Titan embeds one text per request on AWS Bedrock: send 'input' as a"
          + " single string.", "input");
    }
    throw new InvalidRequestException("Amazon Titan embeds text: 'input' must be a string.", "input");
  }

  @Override
  public TranslatedResponse translateResponse(int status, UpstreamHeaders headers, byte[] body) {
    if (request == null) {
      throw new IllegalStateException("translateRequest must be called first");
    }
    if (status < 200 || status > 299) {
      return BedrockErrors.fromResponse(status, headers, body, clock.instant());
    }
    try {
      JsonMembers titan = JsonMembers.scan(body);
      Optional<Member> embedding = titan.get("embedding").filter(m -> m.kind() == JsonToken.START_ARRAY);
      if (embedding.isPresent()) {
        Optional<Member> count = titan.get("inputTextTokenCount")
            .filter(m -> m.kind() == JsonToken.VALUE_NUMBER_INT);
        Usage usage = count.isPresent()
            ? Usage.reported(Long.parseLong(new String(titan.raw(count.get()), StandardCharsets.US_ASCII)), 0)
            : Usage.estimated(estimator.promptTokens(request), 0);
        return new TranslatedResponse.Success(openAi(titan.raw(embedding.get()), usage), usage);
      }
    } catch (IOException | NumberFormatException e) {
      // answered below
    }
    return new UpstreamFailure(502, "server_error", "upstream_invalid_response",
        "upstream returned a body that is not a Titan embedding", null, true);
  }

  /**
   * The vector's numbers are copied byte for byte, so that none is re-spelled on the way; or, when the client asked
   * for {@code base64} (the OpenAI SDKs' default), packed as little-endian float32s as OpenAI does.
   */
  private byte[] openAi(byte[] vector, Usage usage) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(vector.length + 256);
    out.writeBytes(("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":")
        .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(base64 ? base64(vector) : vector);
    out.writeBytes(("}],\"model\":" + JsonMembers.quote(request.model()) + ",\"usage\":{\"prompt_tokens\":"
        + usage.promptTokens() + ",\"total_tokens\":" + usage.totalTokens() + "}}").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] base64(byte[] vector) throws IOException {
    JsonNode numbers = BedrockJson.MAPPER.readTree(vector);
    ByteBuffer floats = ByteBuffer.allocate(4 * numbers.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode number : numbers) {
      if (!number.isNumber()) {
        throw new IOException("an embedding holds numbers only");
      }
      floats.putFloat(number.floatValue());
    }
    return ("\"" + Base64.getEncoder().encodeToString(floats.array()) + "\"").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public StreamTranslator streamTranslator() {
    throw new IllegalStateException("embeddings are never streamed");
  }
}
