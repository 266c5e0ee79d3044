package dev.tollgate.edge.limits;

/** Whose limit refused a request. */
public enum LimitScope {
  /** The virtual key's own limits. */
  KEY("key"),
  /** The limits its tenant shares across all of its keys. */
  TENANT("tenant"),
  /** The edge's own bound on requests in flight ({@link AdmissionBound}). */
  EDGE("edge");

  private final String label;

  LimitScope(String label) {
    this.label = label;
  }

  /** A short lower-case name for metrics and logs. */
  public String label() {
    return label;
  }
}
