package dev.tollgate.edge.proxy;

import dev.tollgate.schemas.json.Json;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.limits.Admission;
import dev.tollgate.edge.limits.Permit;
import dev.tollgate.edge.limits.Refusal;
import dev.tollgate.edge.auth.KeyAuthenticator;
import dev.tollgate.edge.auth.Principal;
import dev.tollgate.edge.http.EdgeRouter;
import dev.tollgate.edge.http.GatewayError;
import dev.tollgate.edge.http.GatewayException;
import dev.tollgate.edge.route.RoutePlan;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.usage.Outcome;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings}: authenticate, parse only
 * what routing needs, check the key may use the model, plan the deployments, and hand over to a {@link ProxyCall}.
 * A refusal after authentication is still one usage event (outcome {@code rejected}).
 */
public final class ProxyEndpoint {
  /** The completion tokens charged up front when the request sets no {@code max_tokens}; settled later. */
  static final int DEFAULT_COMPLETION_ESTIMATE = 256;

  private final EdgeState state;
  private final KeyAuthenticator auth;
  private final Upstream upstream;
  private final Governance governance;

  public ProxyEndpoint(EdgeState state, KeyAuthenticator auth, Upstream upstream, Governance governance) {
    this.state = state;
    this.auth = auth;
    this.upstream = upstream;
    this.governance = governance;
  }

  /** Serves one request to {@code endpoint}. */
  public void handle(RoutingContext ctx, OpenAiEndpoint endpoint) {
    Principal principal = auth.authenticate(ctx.request());
    KeyAuthenticator.requireScope(principal, scope(endpoint));
    OpenAiRequest request = parse(ctx, endpoint);
    CallRecord record = new CallRecord(ctx.get(EdgeRouter.REQUEST_ID), upstream.edgeId(), principal, request,
        upstream.clock());
    try {
      ConfigSnapshot config = state.config();
      ModelConfig model = config.model(request.model())
          .orElseThrow(() -> new GatewayException(new GatewayError.ModelNotFound(request.model())));
      if (!principal.key().allowsModel(model.id())) {
        throw new GatewayException(new GatewayError.ModelNotAllowed(model.id()));
      }
      List<RoutePlan.Attempt> plan = RoutePlan.plan(model, endpoint, config, ThreadLocalRandom.current());
      if (plan.isEmpty()) {
        throw new GatewayException(new GatewayError.NoDeployment(model.id()));
      }
      Permit permit = admit(principal, request);
      permit.headers().forEach(ctx.response()::putHeader);
      new ProxyCall(ctx.response(), request, plan, record, upstream, new Settlement(permit, governance.metrics()))
          .start();
    } catch (GatewayException refused) {
      ctx.addEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        governance.metrics().requestFinished(Json.wire(endpoint.usageEndpoint()), request.model(), status);
        upstream.usage().accept(record.toEvent(Outcome.REJECTED, status, null));
      });
      ctx.fail(refused);
    }
  }

  /** Charges the key's and tenant's limits with the most this request can use; settled to the real usage later. */
  private Permit admit(Principal principal, OpenAiRequest request) {
    long estimate = TokenEstimator.forModel(request.model()).promptTokens(request)
        + request.maxTokens().orElse(DEFAULT_COMPLETION_ESTIMATE);
    Admission admission = governance.limits().admit(principal.key().id(), principal.key().limits(),
        principal.tenant().id(), principal.tenant().limits(), estimate);
    if (admission instanceof Refusal refusal) {
      governance.metrics().rateLimitRefused(refusal);
      throw new GatewayException(new GatewayError.RateLimited(refusal));
    }
    return (Permit) admission;
  }

  private static OpenAiRequest parse(RoutingContext ctx, OpenAiEndpoint endpoint) {
    try {
      return OpenAiRequest.parse(endpoint, ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
    } catch (InvalidRequestException e) {
      throw new GatewayException(new GatewayError.InvalidRequest(e.getMessage(), e.invalidRequest().param()));
    }
  }

  private static Scope scope(OpenAiEndpoint endpoint) {
    return switch (endpoint) {
      case CHAT_COMPLETIONS -> Scope.CHAT;
      case COMPLETIONS -> Scope.COMPLETIONS;
      case EMBEDDINGS -> Scope.EMBEDDINGS;
    };
  }
}
