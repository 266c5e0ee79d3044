package dev.tollgate.adapters;

/**
 * Carries an {@link InvalidRequest} out of parsing or translation. Checked, so that bad input can never escape as a
 * 500; it records no stack trace, being a normal outcome.
 */
public final class InvalidRequestException extends Exception {
  private final transient InvalidRequest invalidRequest;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   * @param param the parameter at fault, or null
   */
  public InvalidRequestException(String message, String param) {
    super(message, null, false, false);
    this.invalidRequest = new InvalidRequest(message, param);
  }

  /**
   * The refusal, as a value.
   *
   * @return it
   */
  public InvalidRequest invalidRequest() {
    return invalidRequest;
  }
}
