package dev.tollgate.edge.proxy;

import dev.tollgate.schemas.json.Json;
import dev.tollgate.adapters.InvalidRequestException;
import dev.tollgate.adapters.OpenAiEndpoint;
import dev.tollgate.adapters.OpenAiRequest;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.edge.EdgeState;
import dev.tollgate.edge.Governance;
import dev.tollgate.edge.budget.BudgetAdmission;
import dev.tollgate.edge.budget.BudgetHeaders;
import dev.tollgate.edge.budget.Charge;
import dev.tollgate.edge.budget.Spend;
import dev.tollgate.edge.metrics.Metrics;
import dev.tollgate.edge.limits.Admission;
import dev.tollgate.edge.limits.Permit;
import dev.tollgate.edge.limits.Refusal;
import dev.tollgate.edge.auth.KeyAuthenticator;
import dev.tollgate.edge.auth.Principal;
import dev.tollgate.edge.http.EdgeRouter;
import dev.tollgate.edge.http.GatewayError;
import dev.tollgate.edge.http.GatewayException;
import dev.tollgate.edge.route.MaxPrice;
import dev.tollgate.edge.route.RoutePlan;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Scope;
import dev.tollgate.schemas.route.RouteTable;
import dev.tollgate.schemas.usage.Outcome;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings}: authenticate, parse only
 * what routing needs, check the key may use the model, plan the deployments (the model's, then its fallbacks'),
 * pass the budget gate and the rate limits, and hand over to a {@link ProxyCall}. A refusal after authentication is
 * still one usage event (outcome {@code rejected}), and every answer after authentication carries the
 * {@code x-budget-*} headers.
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
    ConfigSnapshot config = state.config();
    OpenAiRequest request;
    try {
      KeyAuthenticator.requireScope(principal, scope(endpoint));
      request = parse(ctx, endpoint);
    } catch (GatewayException refused) {
      budgetHeaders(ctx, config, principal, null);
      throw refused;
    }
    CallRecord record = new CallRecord(ctx.get(EdgeRouter.REQUEST_ID), upstream.edgeId(), principal, request,
        upstream.clock());
    try {
      List<RoutePlan.Attempt> plan = plan(ctx, config, principal, request);
      long promptTokens = TokenEstimator.forModel(request.model()).promptTokens(request);
      Charge charge = admitBudget(ctx, config, principal, request, plan, promptTokens);
      Permit permit;
      try {
        permit = admit(principal, request, promptTokens);
      } catch (GatewayException refused) {
        charge.cancel();
        throw refused;
      }
      permit.headers().forEach(ctx.response()::putHeader);
      new ProxyCall(ctx.response(), request, plan, record, upstream,
          new Settlement(permit, charge, plan, governance.metrics())).start();
    } catch (GatewayException refused) {
      if (!ctx.response().headers().contains(BudgetHeaders.LIMIT)) {
        budgetHeaders(ctx, config, principal, request.model());
      }
      ctx.addEndHandler(v -> {
        int status = ctx.response().getStatusCode();
        governance.metrics().requestFinished(Json.wire(endpoint.usageEndpoint()), request.model(), status);
        upstream.usage().accept(record.toEvent(Outcome.REJECTED, status, null));
      });
      ctx.fail(refused);
    }
  }

  /**
   * The deployments to try, in order: the alias's (from its route table, else its config), then those of each of
   * its fallback aliases the key may use. Throws when none can serve the request.
   */
  private List<RoutePlan.Attempt> plan(RoutingContext ctx, ConfigSnapshot config, Principal principal,
      OpenAiRequest request) {
    BigDecimal maxPrice;
    try {
      maxPrice = MaxPrice.parse(ctx.request().getHeader(MaxPrice.HEADER));
    } catch (IllegalArgumentException e) {
      throw new GatewayException(new GatewayError.InvalidRequest(e.getMessage(), MaxPrice.HEADER));
    }
    Optional<ModelConfig> model = config.model(request.model());
    Optional<RouteTable> table = state.route(request.model());
    if (model.isEmpty() && table.isEmpty()) {
      throw new GatewayException(new GatewayError.ModelNotFound(request.model()));
    }
    String alias = model.map(ModelConfig::id).orElse(request.model());
    if (!principal.key().allowsModel(alias)) {
      throw new GatewayException(new GatewayError.ModelNotAllowed(alias));
    }
    RoutePlan.Ask ask =
        new RoutePlan.Ask(request.endpoint(), request.stream(), maxPrice, upstream.clock().instant());
    RoutePlan.Plan first = RoutePlan.plan(alias, model, table, ask, config, ThreadLocalRandom.current());
    List<RoutePlan.Attempt> plan = new ArrayList<>(first.attempts());
    for (String fallback : RoutePlan.fallbacks(model, table)) {
      if (!fallback.equals(alias) && principal.key().allowsModel(fallback)) {
        plan.addAll(RoutePlan.plan(fallback, config.model(fallback), state.route(fallback), ask, config,
            ThreadLocalRandom.current()).attempts());
      }
    }
    if (plan.isEmpty()) {
      throw new GatewayException(first.pricedOut()
          ? new GatewayError.NothingUnderPrice(alias, maxPrice.toPlainString())
          : new GatewayError.NoDeployment(alias));
    }
    return plan;
  }

  /**
   * Reserves the most this request can cost in every budget that applies: its estimated prompt and its completion
   * cap (see {@link Spend#ceiling}) at the dearest deployment of its plan, since it may fail over to any of them.
   */
  private Charge admitBudget(RoutingContext ctx, ConfigSnapshot config, Principal principal, OpenAiRequest request,
      List<RoutePlan.Attempt> plan, long promptTokens) {
    List<Deployment> candidates = new ArrayList<>(plan.size());
    for (RoutePlan.Attempt attempt : plan) {
      candidates.add(attempt.deployment());
    }
    long reservation = Spend.ceiling(promptTokens, request.maxTokens(),
        request.endpoint() != OpenAiEndpoint.EMBEDDINGS, candidates, upstream.clock().instant());
    BudgetAdmission admission = governance.budgets().admit(config, principal.tenant().id(), principal.key().id(),
        request.model(), reservation);
    admission.headers().forEach(ctx.response()::putHeader);
    if (admission instanceof BudgetAdmission.Exhausted exhausted) {
      governance.metrics().budgetRefused(Metrics.BUDGET_EXHAUSTED);
      throw new GatewayException(new GatewayError.BudgetExhausted(exhausted));
    }
    if (admission instanceof BudgetAdmission.Unverifiable unverifiable) {
      governance.metrics().budgetRefused(Metrics.BUDGET_STALE);
      throw new GatewayException(new GatewayError.BudgetUnverifiable(unverifiable));
    }
    BudgetAdmission.Admitted admitted = (BudgetAdmission.Admitted) admission;
    if (admitted.stale()) {
      governance.metrics().budgetAdmittedStale();
    }
    return admitted.charge();
  }

  /** The budget headers of a request refused before the budget gate, reserving nothing. */
  private void budgetHeaders(RoutingContext ctx, ConfigSnapshot config, Principal principal, String model) {
    governance.budgets().headers(config, principal.tenant().id(), principal.key().id(), model)
        .forEach(ctx.response()::putHeader);
  }

  /** Charges the key's and tenant's limits with the most this request can use; settled to the real usage later. */
  private Permit admit(Principal principal, OpenAiRequest request, long promptTokens) {
    long estimate = promptTokens + request.maxTokens().orElse(DEFAULT_COMPLETION_ESTIMATE);
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
