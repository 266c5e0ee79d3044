package dev.tollgate.schemas.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tollgate.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One complete, immutable configuration: every provider, model, tenant, key and budget, by record key ({@code
 * kind/id}). The loader builds one from the file, the publisher diffs two to know what to write, and every service
 * reads the latest from {@link ConfigView}.
 *
 * <p>Revision markers are not part of a snapshot: a snapshot is what a revision points at.
 */
public final class ConfigSnapshot {
  private static final ConfigSnapshot EMPTY = new ConfigSnapshot(new TreeMap<>());
  // The shared mapper's rules plus sorted maps and sets; only for hashing, never for the wire.
  private static final ObjectWriter CANONICAL = canonicalWriter();

  private final SortedMap<String, ConfigEntity> byKey;
  // An immutable snapshot hashes the same every time: compute once, on first use. A racing second computation
  // writes the same string, so the field needs no lock.
  private volatile String checksum;

  private ConfigSnapshot(TreeMap<String, ConfigEntity> byKey) {
    this.byKey = Collections.unmodifiableSortedMap(byKey);
  }

  /**
   * The configuration with nothing in it: what a service sees before the first apply.
   *
   * @return the empty snapshot
   */
  public static ConfigSnapshot empty() {
    return EMPTY;
  }

  /**
   * A snapshot of {@code entities}.
   *
   * @param entities providers, models, tenants, keys and budgets, in any order
   * @return the snapshot
   * @throws IllegalArgumentException when two entities share a record key, or one is a {@link ConfigRevision}
   */
  public static ConfigSnapshot of(Collection<? extends ConfigEntity> entities) {
    TreeMap<String, ConfigEntity> byKey = new TreeMap<>();
    for (ConfigEntity entity : entities) {
      requireEntity(entity);
      if (byKey.putIfAbsent(entity.topicKey(), entity) != null) {
        throw new IllegalArgumentException("two entities have the record key " + entity.topicKey());
      }
    }
    return byKey.isEmpty() ? EMPTY : new ConfigSnapshot(byKey);
  }

  /**
   * This snapshot with {@code entity} added, or replacing the entity under the same record key. This is how a
   * launcher adds its development key to the shipped configuration.
   *
   * @param entity a provider, model, tenant, key or budget
   * @return a new snapshot; this one is unchanged
   */
  public ConfigSnapshot with(ConfigEntity entity) {
    requireEntity(entity);
    TreeMap<String, ConfigEntity> next = new TreeMap<>(byKey);
    next.put(entity.topicKey(), entity);
    return new ConfigSnapshot(next);
  }

  /**
   * This snapshot without the entity under {@code topicKey}.
   *
   * @param topicKey a record key, {@code kind/id}
   * @return a new snapshot, or this one when there is no such entity
   */
  public ConfigSnapshot without(String topicKey) {
    if (!byKey.containsKey(topicKey)) {
      return this;
    }
    TreeMap<String, ConfigEntity> next = new TreeMap<>(byKey);
    next.remove(topicKey);
    return next.isEmpty() ? EMPTY : new ConfigSnapshot(next);
  }

  /**
   * Every entity by record key, sorted by key.
   *
   * @return an unmodifiable map
   */
  public SortedMap<String, ConfigEntity> entities() {
    return byKey;
  }

  /**
   * The entity under a record key.
   *
   * @param topicKey a record key, {@code kind/id}
   * @return the entity, or empty
   */
  public Optional<ConfigEntity> get(String topicKey) {
    return Optional.ofNullable(byKey.get(topicKey));
  }

  /**
   * How many entities there are.
   *
   * @return the count of providers, models, tenants, keys and budgets together
   */
  public int size() {
    return byKey.size();
  }

  /**
   * Whether there is no entity at all.
   *
   * @return true for an empty configuration
   */
  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** @return every provider, by id */
  public List<ProviderConfig> providers() {
    return all(ProviderConfig.class);
  }

  /** @return every model, by alias */
  public List<ModelConfig> models() {
    return all(ModelConfig.class);
  }

  /** @return every tenant, by id */
  public List<TenantConfig> tenants() {
    return all(TenantConfig.class);
  }

  /** @return every virtual key, by id */
  public List<KeyConfig> keys() {
    return all(KeyConfig.class);
  }

  /** @return every budget, by id */
  public List<BudgetConfig> budgets() {
    return all(BudgetConfig.class);
  }

  /**
   * @param id a provider id
   * @return the provider, or empty
   */
  public Optional<ProviderConfig> provider(String id) {
    return one(ConfigKind.PROVIDER, id, ProviderConfig.class);
  }

  /**
   * @param alias a public model alias, such as {@code gpt-4o-mini} or {@code tier/maker/model}
   * @return the model, or empty
   */
  public Optional<ModelConfig> model(String alias) {
    return one(ConfigKind.MODEL, alias, ModelConfig.class);
  }

  /**
   * @param id a tenant id
   * @return the tenant, or empty
   */
  public Optional<TenantConfig> tenant(String id) {
    return one(ConfigKind.TENANT, id, TenantConfig.class);
  }

  /**
   * @param id a key id (the {@code <id>} in {@code tg-<id>.<secret>})
   * @return the key, or empty
   */
  public Optional<KeyConfig> key(String id) {
    return one(ConfigKind.KEY, id, KeyConfig.class);
  }

  /**
   * @param id a budget id
   * @return the budget, or empty
   */
  public Optional<BudgetConfig> budget(String id) {
    return one(ConfigKind.BUDGET, id, BudgetConfig.class);
  }

  /**
   * The SHA-256, in lower-case hex, of this configuration's canonical JSON: the entities sorted by record key,
   * written by the shared mapper with map entries and set elements sorted. Equal configurations have equal
   * checksums in every JVM, whatever order the entities were declared in.
   *
   * @return 64 hex digits
   */
  public String checksum() {
    String known = checksum;
    if (known == null) {
      known = sha256Hex(canonicalJson());
      checksum = known;
    }
    return known;
  }

  /**
   * What to publish to go from this configuration to {@code next}: its new and changed entities, and tombstones
   * for the ones it no longer has.
   *
   * @param next the configuration to move to
   * @return the changes, empty when the two are equal
   */
  public ConfigChanges diff(ConfigSnapshot next) {
    List<ConfigEntity> upserts = new ArrayList<>();
    for (ConfigEntity entity : next.byKey.values()) {
      if (!entity.equals(byKey.get(entity.topicKey()))) {
        upserts.add(entity);
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String key : byKey.keySet()) {
      if (!next.byKey.containsKey(key)) {
        deleted.add(key);
      }
    }
    return upserts.isEmpty() && deleted.isEmpty() ? ConfigChanges.NONE : new ConfigChanges(upserts, deleted);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConfigSnapshot && byKey.equals(((ConfigSnapshot) other).byKey);
  }

  @Override
  public int hashCode() {
    return byKey.hashCode();
  }

  /** Counts only: entities may hold key hashes, which do not belong in logs. */
  @Override
  public String toString() {
    return "ConfigSnapshot[" + providers().size() + " providers, " + models().size() + " models, "
        + tenants().size() + " tenants, " + keys().size() + " keys, " + budgets().size() + " budgets]";
  }

  private <T extends ConfigEntity> List<T> all(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (ConfigEntity entity : byKey.values()) {
      if (type.isInstance(entity)) {
        out.add(type.cast(entity));
      }
    }
    return List.copyOf(out);
  }

  private <T extends ConfigEntity> Optional<T> one(ConfigKind kind, String id, Class<T> type) {
    return Optional.ofNullable(byKey.get(ConfigEntity.topicKey(kind, id))).map(type::cast);
  }

  private static void requireEntity(ConfigEntity entity) {
    Objects.requireNonNull(entity, "entity");
    if (entity instanceof ConfigRevision) {
      throw new IllegalArgumentException("a snapshot holds configuration entities, not revision markers");
    }
  }

  /** Package-private so tests can see what is hashed. */
  byte[] canonicalJson() {
    try {
      return CANONICAL.writeValueAsBytes(List.copyOf(byKey.values()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a configuration record could not be written as JSON", e);
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static ObjectWriter canonicalWriter() {
    SimpleModule sortedSets = new SimpleModule("canonical-sets").addSerializer(new SortedSetSerializer());
    // A copy, so the shared mapper's wire format stays as it is; the list type keeps each entity's kind.
    return Json.mapper()
        .copy()
        .registerModule(sortedSets)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .writerFor(new TypeReference<List<ConfigEntity>>() {});
  }

  /**
   * Writes a set's elements in a fixed order. {@code Set.copyOf} iterates in an order salted per JVM, so without
   * this two services would hash the same capabilities differently.
   */
  @SuppressWarnings("rawtypes")
  private static final class SortedSetSerializer extends StdSerializer<Set> {
    SortedSetSerializer() {
      super(Set.class);
    }

    @Override
    public void serialize(Set set, JsonGenerator gen, SerializerProvider provider) throws IOException {
      List<Object> elements = new ArrayList<>(set);
      elements.sort(Comparator.comparing(String::valueOf));
      provider.defaultSerializeValue(elements, gen);
    }
  }
}
