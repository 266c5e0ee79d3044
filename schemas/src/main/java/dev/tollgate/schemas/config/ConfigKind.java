package dev.tollgate.schemas.config;

import java.util.Locale;

/** The kinds of entity on {@code tollgate.config}; the lower-case name is the first part of the record key. */
public enum ConfigKind {
  PROVIDER,
  MODEL,
  TENANT,
  KEY,
  BUDGET,
  REVISION;

  /** The wire name, as used in record keys ({@code kind/id}) and in the {@code kind} JSON property. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
