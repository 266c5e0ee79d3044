package dev.tollgate.routing.health;

import dev.tollgate.schemas.usage.UsageEvent;

/** What one usage event says about the deployment that answered it. */
public enum Verdict {
  /** The deployment answered. */
  SUCCESS,
  /** The deployment failed: 5xx, 429, timeout, unreachable, or a stream that broke. */
  FAILURE,
  /** Nothing about the deployment: no upstream was called, the client left, or the client's request was bad. */
  NEUTRAL;

  /**
   * Classifies {@code event}. A client error (a 4xx other than 429, passed through from the provider) is the
   * client's fault, not the deployment's; a client that disconnects says nothing either way.
   *
   * @param event a usage event
   * @return the verdict
   */
  public static Verdict of(UsageEvent event) {
    if (event.deployment() == null || event.provider() == null || event.upstreamModel() == null) {
      return NEUTRAL;
    }
    return switch (event.outcome()) {
      case OK -> SUCCESS;
      case UPSTREAM_ERROR -> isClientError(event.httpStatus()) ? NEUTRAL : FAILURE;
      case CLIENT_CANCELLED, REJECTED -> NEUTRAL;
    };
  }

  private static boolean isClientError(int status) {
    return status >= 400 && status < 500 && status != 429;
  }
}
