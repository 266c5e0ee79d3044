package dev.tollgate.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What the publisher reads back from the topic must equal what the loader built, or every apply would republish
 * entities that did not change.
 */
class ConfigRoundTripTest {

  @Test
  void shouldReadBackEveryEntityOfAFullFileUnchangedFromTheTopicsJson() {
    ConfigSnapshot loaded = load("valid-full.yaml");

    ConfigSnapshot readBack = throughTheTopic(loaded);

    assertEquals(loaded, readBack);
    assertTrue(loaded.diff(readBack).isEmpty());
    assertEquals(loaded.checksum(), readBack.checksum());
  }

  @Test
  void shouldReadBackTheShippedConfigUnchanged() {
    ConfigSnapshot shipped = ConfigLoader.loadDefault().snapshot();

    ConfigSnapshot readBack = throughTheTopic(shipped);

    assertTrue(shipped.diff(readBack).isEmpty());
    assertEquals(shipped.checksum(), readBack.checksum());
  }

  private static ConfigSnapshot throughTheTopic(ConfigSnapshot snapshot) {
    Serde<ConfigEntity> values = Topics.CONFIG.valueSerde();
    String topic = Topics.CONFIG.name();
    List<ConfigEntity> read = snapshot.entities().values().stream()
        .map(e -> values.deserializer().deserialize(topic, values.serializer().serialize(topic, e)))
        .collect(Collectors.toList());
    return ConfigSnapshot.of(read);
  }

  private static ConfigSnapshot load(String name) {
    try (InputStream in = ConfigRoundTripTest.class.getResourceAsStream("/config/" + name)) {
      return ConfigLoader.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)).snapshot();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
