package dev.tollgate.routing.http;

/** Carries an {@link ApiError} through a failed future or {@code RoutingContext.fail}. */
public final class ApiException extends RuntimeException {
  private final transient ApiError error;

  public ApiException(ApiError error) {
    super(error.toString(), null, false, false);
    this.error = error;
  }

  /** @return the error to render */
  public ApiError error() {
    return error;
  }
}
