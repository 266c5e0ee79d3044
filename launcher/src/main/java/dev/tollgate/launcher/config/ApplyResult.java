package dev.tollgate.launcher.config;

/**
 * What an apply did.
 *
 * @param revision the revision in force afterwards: the new one, or the current one when nothing changed
 * @param added entities that did not exist before
 * @param changed entities whose content changed
 * @param removed entities deleted with a tombstone
 * @param upToDate true when the topic already held this configuration and nothing was published
 */
public record ApplyResult(long revision, int added, int changed, int removed, boolean upToDate) {

  /**
   * One line for the operator.
   *
   * @return like {@code applied revision 3: 1 added, 2 changed, 0 removed} or {@code up to date at revision 3}
   */
  public String summary() {
    if (upToDate) {
      return "up to date at revision " + revision;
    }
    return "applied revision " + revision + ": " + added + " added, " + changed + " changed, " + removed
        + " removed";
  }
}
