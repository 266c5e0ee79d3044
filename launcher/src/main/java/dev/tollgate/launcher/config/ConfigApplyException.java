package dev.tollgate.launcher.config;

/** An apply that did not happen. Nothing of it was published: the revision in force before is still in force. */
public final class ConfigApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigApplyException(String message, Throwable cause) {
    super(message, cause);
  }
}
