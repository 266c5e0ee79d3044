package dev.tollgate.adapters;

/**
 * A provider's configuration names an environment variable that is not set. The message names the variable, never
 * a value. The edge treats it as a misconfigured deployment (a 5xx), not as the client's fault.
 */
public final class MissingSecretException extends RuntimeException {
  private final String variable;

  /**
   * Creates the exception.
   *
   * @param variable the name of the unset variable
   */
  public MissingSecretException(String variable) {
    super("environment variable " + variable + " is not set");
    this.variable = variable;
  }

  /**
   * The unset variable.
   *
   * @return its name
   */
  public String variable() {
    return variable;
  }
}
