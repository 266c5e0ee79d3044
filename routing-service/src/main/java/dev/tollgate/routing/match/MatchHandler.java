package dev.tollgate.routing.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.routing.http.ApiError;
import dev.tollgate.routing.http.ApiException;
import dev.tollgate.routing.http.LatestByKey;
import dev.tollgate.routing.match.RouteMatcher.Match;
import dev.tollgate.schemas.config.AnthropicSpec;
import dev.tollgate.schemas.config.AzureOpenAiSpec;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.GeminiSpec;
import dev.tollgate.schemas.config.OpenAiCompatibleSpec;
import dev.tollgate.schemas.config.ProviderSpec;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.route.ProviderRegistration;
import dev.tollgate.schemas.route.RouteCandidate;
import dev.tollgate.schemas.route.RouteTable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code POST /v1/route} with {@code {"model": "...", "max_price_per_mtok_usd": "1.50"}}: the deployment a client
 * that calls providers itself should use, picked by {@link RouteMatcher} from this instance's copy of
 * {@code tollgate.routes}. 404 for an unknown model, 422 when nothing is priced within the maximum, 503 when every
 * deployment within it is cooling down.
 */
public final class MatchHandler {
  private final LatestByKey<RouteTable> routes;
  private final Supplier<ConfigSnapshot> config;
  private final Clock clock;
  private final RandomGenerator random;

  public MatchHandler(LatestByKey<RouteTable> routes, Supplier<ConfigSnapshot> config, Clock clock,
      RandomGenerator random) {
    this.routes = routes;
    this.config = config;
    this.clock = clock;
    this.random = random;
  }

  public void handle(RoutingContext ctx) {
    JsonNode body = body(ctx);
    JsonNode modelNode = body.get("model");
    if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isBlank()) {
      throw invalid("model is required and must be a non-empty string", "model");
    }
    String model = modelNode.asText();
    BigDecimal maxPrice = maxPrice(body.get("max_price_per_mtok_usd"));
    RouteTable table = routes.get(model).orElseThrow(() -> new ApiException(new ApiError.ModelNotFound(model)));
    Match match = RouteMatcher.match(table, maxPrice, clock.instant(), random);
    if (match instanceof Match.NothingUnderPrice) {
      throw new ApiException(new ApiError.NothingUnderPrice(model, maxPrice.toPlainString()));
    }
    if (match instanceof Match.NoneAvailable) {
      throw new ApiException(new ApiError.NoneAvailable(model));
    }
    ctx.json(answer(model, ((Match.Chosen) match).candidate()));
  }

  private JsonObject answer(String model, RouteCandidate c) {
    JsonObject price = c.price() == null ? null : new JsonObject()
        .put("input_per_mtok_usd", c.price().inputPerMtokUsd().toPlainString())
        .put("output_per_mtok_usd", c.price().outputPerMtokUsd().toPlainString())
        .put("combined_per_mtok_usd", RouteMatcher.combined(c.price()).toPlainString());
    JsonObject out = new JsonObject()
        .put("model", model)
        .put("deployment", c.deployment())
        .put("provider", c.provider())
        .put("upstream_model", c.upstreamModel())
        .put("price", price)
        .put("circuit", Json.wire(c.health().state()));
    if (c.baseUrl() != null) {
      return out.put("api", ProviderRegistration.OPENAI_COMPATIBLE).put("base_url", c.baseUrl());
    }
    ProviderSpec spec = config.get().provider(c.provider()).map(p -> p.spec()).orElse(null);
    return out.put("api", api(spec)).put("base_url", baseUrl(spec));
  }

  /** The wire name of a provider's API; the same names as the {@code api} property of {@code tollgate.config}. */
  private static String api(ProviderSpec spec) {
    if (spec == null) {
      return null;
    }
    String json = new String(Json.write(spec), java.nio.charset.StandardCharsets.UTF_8);
    return new JsonObject(json).getString("api");
  }

  private static String baseUrl(ProviderSpec spec) {
    if (spec instanceof OpenAiCompatibleSpec s) {
      return s.baseUrl();
    }
    if (spec instanceof AnthropicSpec s) {
      return s.baseUrl();
    }
    if (spec instanceof GeminiSpec s) {
      return s.baseUrl();
    }
    if (spec instanceof AzureOpenAiSpec s) {
      return s.endpoint();
    }
    return null;
  }

  private static JsonNode body(RoutingContext ctx) {
    try {
      JsonNode json = ctx.body().buffer() == null ? null : Json.mapper().readTree(ctx.body().buffer().getBytes());
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException e) {
      throw invalid("The body is not valid JSON.", null);
    }
    throw invalid("The body must be a JSON object.", null);
  }

  private static BigDecimal maxPrice(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    BigDecimal value = null;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual()) {
      try {
        value = new BigDecimal(node.asText());
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || value.signum() < 0) {
      throw invalid("max_price_per_mtok_usd must be a decimal number of USD >= 0, such as \"1.50\"",
          "max_price_per_mtok_usd");
    }
    return value;
  }

  private static ApiException invalid(String message, String param) {
    return new ApiException(new ApiError.InvalidRequest(message, param));
  }
}
