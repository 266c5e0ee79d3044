package dev.tollgate.adapters;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves the environment variable names that configuration uses for credentials ({@code api_key_env} …) to their
 * values. Values never appear in {@link #toString()}, in exceptions or in logs.
 */
public final class Secrets {
  private final Function<String, String> lookup;

  private Secrets(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /**
   * Secrets read from this process's environment.
   *
   * @return the secrets
   */
  public static Secrets fromEnvironment() {
    return new Secrets(System::getenv);
  }

  /**
   * Secrets from a fixed map, for tests and embedded set-ups.
   *
   * @param values variable names to values
   * @return the secrets
   */
  public static Secrets of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Secrets(copy::get);
  }

  /**
   * No secrets at all.
   *
   * @return secrets that resolve nothing
   */
  public static Secrets none() {
    return new Secrets(name -> null);
  }

  /**
   * The value of a variable.
   *
   * @param name the variable's name
   * @return its value, or empty when unset or blank
   */
  public Optional<String> find(String name) {
    Objects.requireNonNull(name, "name");
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /**
   * The value of a variable that must be set.
   *
   * @param name the variable's name
   * @return its value
   * @throws MissingSecretException when it is unset or blank
   */
  public String require(String name) {
    return find(name).orElseThrow(() -> new MissingSecretException(name));
  }

  @Override
  public String toString() {
    return "Secrets[values hidden]";
  }
}
