package dev.tollgate.launcher.service;

import java.util.Optional;

/** A started service; closing it stops it cleanly. */
public interface RunningService extends AutoCloseable {
  /** One line for the terminal: what runs and where. */
  String describe();

  /** The base URL of a service that serves HTTP, e.g. {@code http://127.0.0.1:8080}. */
  default Optional<String> url() {
    return Optional.empty();
  }

  @Override
  void close();
}
