package dev.tollgate.schemas.topic;

import java.util.List;

/**
 * What {@link TopicInitializer#ensure} found and did.
 *
 * @param created topics that were missing and have been created as the catalog says
 * @param existing topics that were already there, whatever their settings
 * @param mismatches settings of existing topics that differ from the catalog; nothing is changed for them
 */
public record TopicReport(List<String> created, List<String> existing, List<Mismatch> mismatches) {

  public TopicReport {
    created = List.copyOf(created);
    existing = List.copyOf(existing);
    mismatches = List.copyOf(mismatches);
  }

  /**
   * Whether every topic of the catalog now exists as the catalog says.
   *
   * @return true when there is no mismatch
   */
  public boolean ok() {
    return mismatches.isEmpty();
  }

  /**
   * An existing topic whose setting differs from the catalog. Kafka cannot fix these safely on its own: a topic's
   * partitions can only grow (and growing them moves keys), and changing a cleanup policy changes what a topic
   * keeps, so an operator decides.
   *
   * @param topic the topic name
   * @param setting the setting that differs: {@code partitions} or {@code cleanup.policy}
   * @param expected the catalog's value
   * @param actual the broker's value
   */
  public record Mismatch(String topic, String setting, String expected, String actual) {

    /**
     * One line for a log or a CLI.
     *
     * @return for example {@code tollgate.usage: partitions is 3, the catalog wants 6}
     */
    public String describe() {
      return topic + ": " + setting + " is " + actual + ", the catalog wants " + expected;
    }
  }
}
