package dev.tollgate.adapters;

/**
 * No translator exists yet for a provider API on an endpoint. Raised by {@link Adapters}; the edge should report the
 * deployment as unable to serve, and configuration validation should reject it before that.
 */
public final class UnsupportedProviderException extends RuntimeException {
  private final ProviderApi api;
  private final OpenAiEndpoint endpoint;

  /**
   * Creates the exception.
   *
   * @param api the provider API
   * @param endpoint the endpoint it cannot serve
   */
  public UnsupportedProviderException(ProviderApi api, OpenAiEndpoint endpoint) {
    super("provider api " + api.name().toLowerCase(java.util.Locale.ROOT) + " is not supported yet for "
        + endpoint.path());
    this.api = api;
    this.endpoint = endpoint;
  }

  /**
   * The provider API.
   *
   * @return it
   */
  public ProviderApi api() {
    return api;
  }

  /**
   * The endpoint.
   *
   * @return it
   */
  public OpenAiEndpoint endpoint() {
    return endpoint;
  }
}
