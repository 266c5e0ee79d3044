package dev.tollgate.edge.http;

/** Carries a {@link GatewayError} through failed futures and handlers; it has no stack trace, it is not a bug. */
public final class GatewayException extends RuntimeException {
  private final GatewayError error;

  public GatewayException(GatewayError error) {
    super(error.kind(), null, false, false);
    this.error = error;
  }

  /** The refusal or failure to render. */
  public GatewayError error() {
    return error;
  }
}
