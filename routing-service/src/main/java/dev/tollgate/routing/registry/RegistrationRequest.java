package dev.tollgate.routing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.routing.http.ApiError;
import dev.tollgate.routing.http.ApiException;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.route.ProviderRegistration;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of {@code POST /v1/providers}:
 *
 * <pre>{@code
 * {"id": "gpu-box-7", "base_url": "http://10.0.0.7:8000/v1", "api": "openai_compatible",
 *  "models": {"llama-small": "llama3.1:8b"}, "input_per_mtok_usd": "0.05", "output_per_mtok_usd": "0.08",
 *  "capacity": 16, "ttl_seconds": 30}
 * }</pre>
 *
 * Prices are decimal strings or JSON numbers, read exactly (never through a binary float). A failure is an
 * {@link ApiException} with an {@link ApiError.InvalidRequest} naming the field.
 */
public final class RegistrationRequest {

  /** The registration's lifetime when the body names none. */
  public static final int DEFAULT_TTL_SECONDS = 30;
  /** The longest lifetime accepted: a day. */
  public static final int MAX_TTL_SECONDS = 86_400;
  /** The most concurrent requests a registration may claim. */
  public static final int MAX_CAPACITY = 100_000;
  /** The most aliases one registration may serve. */
  public static final int MAX_MODELS = 100;

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final int MAX_NAME = 200;
  private static final int MAX_URL = 2_048;

  private RegistrationRequest() {}

  /**
   * The registration a body asks for.
   *
   * @param body the request body
   * @param now when it is registered
   * @param registeredAt when it first registered, for an update of a live registration; null for a new one
   * @return the registration, renewed at {@code now}
   */
  public static ProviderRegistration parse(byte[] body, Instant now, Instant registeredAt) {
    JsonNode json = readObject(body);
    String id = text(json, "id");
    if (!ID.matcher(id).matches()) {
      throw invalid("id must be 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
          "id");
    }
    String api = json.hasNonNull("api") ? text(json, "api") : ProviderRegistration.OPENAI_COMPATIBLE;
    if (!ProviderRegistration.OPENAI_COMPATIBLE.equals(api)) {
      throw invalid("api must be " + ProviderRegistration.OPENAI_COMPATIBLE, "api");
    }
    return new ProviderRegistration(ProviderRegistration.CURRENT_SCHEMA_VERSION, id, baseUrl(json), api,
        models(json), price(json, "input_per_mtok_usd"), price(json, "output_per_mtok_usd"),
        integer(json, "capacity", 1, 1, MAX_CAPACITY),
        integer(json, "ttl_seconds", DEFAULT_TTL_SECONDS, 1, MAX_TTL_SECONDS),
        registeredAt == null ? now : registeredAt, now);
  }

  /**
   * Whether a path segment can be a registration id.
   *
   * @param id the segment
   * @return true when it has the shape of an id
   */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private static JsonNode readObject(byte[] body) {
    JsonNode json;
    try {
      json = body == null || body.length == 0 ? null : Json.mapper().readTree(body);
    } catch (IOException e) {
      throw invalid("The body is not valid JSON.", null);
    }
    if (json == null || !json.isObject()) {
      throw invalid("The body must be a JSON object.", null);
    }
    return json;
  }

  private static String baseUrl(JsonNode json) {
    String url = text(json, "base_url");
    try {
      URI uri = new URI(url);
      if (url.length() > MAX_URL || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getUserInfo() != null) {
        throw invalid("base_url must be an http or https URL with a host and no credentials", "base_url");
      }
    } catch (URISyntaxException e) {
      throw invalid("base_url is not a valid URL", "base_url");
    }
    return url;
  }

  private static Map<String, String> models(JsonNode json) {
    JsonNode models = json.get("models");
    if (models == null || !models.isObject() || models.isEmpty() || models.size() > MAX_MODELS) {
      throw invalid("models must map 1 to " + MAX_MODELS + " model aliases to the model names the provider knows",
          "models");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().isBlank() || e.getKey().length() > MAX_NAME || !e.getValue().isTextual()
          || e.getValue().asText().isBlank() || e.getValue().asText().length() > MAX_NAME) {
        throw invalid("models." + e.getKey() + " must be a model name of 1 to " + MAX_NAME + " characters",
            "models");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static BigDecimal price(JsonNode json, String field) {
    JsonNode node = json.get(field);
    BigDecimal price = null;
    if (node != null && node.isNumber()) {
      price = node.decimalValue();
    } else if (node != null && node.isTextual()) {
      try {
        price = new BigDecimal(node.asText());
      } catch (NumberFormatException e) {
        price = null;
      }
    }
    if (price == null || price.signum() < 0) {
      throw invalid(field + " must be a decimal number of USD >= 0, such as \"0.15\"", field);
    }
    return price;
  }

  private static int integer(JsonNode json, String field, int fallback, int min, int max) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
      throw invalid(field + " must be an integer from " + min + " to " + max, field);
    }
    return node.asInt();
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw invalid(field + " is required and must be a non-empty string", field);
    }
    return node.asText();
  }

  private static ApiException invalid(String message, String param) {
    return new ApiException(new ApiError.InvalidRequest(message, param));
  }
}
