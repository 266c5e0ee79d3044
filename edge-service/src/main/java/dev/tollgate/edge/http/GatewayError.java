package dev.tollgate.edge.http;

import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.edge.budget.BudgetAdmission;
import dev.tollgate.edge.limits.Refusal;

/**
 * Every way the edge refuses or fails a request, as a typed value. {@link OpenAiErrors} is the one place that
 * turns it into a status code, headers and the OpenAI error envelope.
 */
public sealed interface GatewayError {
  /** A short, stable name for metrics. */
  String kind();

  /** Malformed or invalid input: 400, naming the offending parameter when there is one. */
  record InvalidRequest(String message, String param) implements GatewayError {
    @Override
    public String kind() {
      return "invalid_request";
    }
  }

  /** No key, or a key that is unknown, disabled or expired: 401. */
  record Unauthenticated(String message) implements GatewayError {
    @Override
    public String kind() {
      return "unauthenticated";
    }
  }

  /** A valid key that may not do this (scope or model allowlist): 403. */
  record PermissionDenied(String message) implements GatewayError {
    @Override
    public String kind() {
      return "permission_denied";
    }
  }

  /** A model the key may not see, or one that does not exist: 404 {@code model_not_found}. */
  record ModelNotFound(String model) implements GatewayError {
    @Override
    public String kind() {
      return "model_not_found";
    }
  }

  /** A path the edge does not serve: 404. */
  record UnknownRoute(String method, String path) implements GatewayError {
    @Override
    public String kind() {
      return "unknown_route";
    }
  }

  /** A body over the configured limit: 413. */
  record PayloadTooLarge(int limitBytes) implements GatewayError {
    @Override
    public String kind() {
      return "payload_too_large";
    }
  }

  /** A model the key's allowlist excludes: 403. */
  record ModelNotAllowed(String model) implements GatewayError {
    @Override
    public String kind() {
      return "model_not_allowed";
    }
  }

  /** No deployment can serve the model for this endpoint: 503. */
  record NoDeployment(String model) implements GatewayError {
    @Override
    public String kind() {
      return "no_deployment";
    }
  }

  /** The provider answered with an error; rendered with the provider's own status class and hints. */
  /** The model has deployments, but none priced within the request's {@code x-tollgate-max-price}. */
  record NothingUnderPrice(String model, String maxPrice) implements GatewayError {
    @Override
    public String kind() {
      return "no_deployment_under_price";
    }
  }

  record UpstreamFailed(UpstreamFailure failure) implements GatewayError {
    @Override
    public String kind() {
      return "upstream_error";
    }
  }

  /** No answer from any deployment: 502, or 504 when the last attempt timed out. */
  record UpstreamUnreachable(boolean timedOut) implements GatewayError {
    @Override
    public String kind() {
      return timedOut ? "upstream_timeout" : "upstream_unreachable";
    }
  }

  /** A key, tenant or edge limit: 429 {@code rate_limit_exceeded}, with the retry hints and rate-limit headers. */
  record RateLimited(Refusal refusal) implements GatewayError {
    @Override
    public String kind() {
      return "rate_limited";
    }
  }

  /** A hard budget cannot cover the request: 429 {@code insufficient_quota}, with {@code x-should-retry: false}. */
  record BudgetExhausted(BudgetAdmission.Exhausted refusal) implements GatewayError {
    @Override
    public String kind() {
      return "budget_exhausted";
    }
  }

  /** Budget decisions are stale and the policy fails closed: 503, which the SDKs retry with backoff. */
  record BudgetUnverifiable(BudgetAdmission.Unverifiable refusal) implements GatewayError {
    @Override
    public String kind() {
      return "budget_unverifiable";
    }
  }
}
