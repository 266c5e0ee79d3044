package dev.tollgate.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSnapshotTest {
  private static final String HASH = "sha256:" + "ab".repeat(32);

  @Test
  void shouldDiffIntoUpsertsForAddedAndChangedAndTombstonesForRemoved() {
    ConfigSnapshot before = ConfigSnapshot.of(List.of(tenant("acme", 60L), tenant("beta", 60L), provider("sim")));
    ConfigSnapshot after = ConfigSnapshot.of(List.of(tenant("acme", 120L), provider("sim"), tenant("gamma", 60L)));

    ConfigChanges changes = before.diff(after);

    assertEquals(List.of(tenant("acme", 120L), tenant("gamma", 60L)), changes.upserts());
    assertEquals(List.of("tenant/beta"), changes.deletedKeys());
  }

  @Test
  void shouldFindNothingToDoBetweenEqualSnapshots() {
    ConfigSnapshot one = ConfigSnapshot.of(List.of(tenant("acme", 60L), provider("sim")));
    ConfigSnapshot same = ConfigSnapshot.of(List.of(provider("sim"), tenant("acme", 60L)));

    ConfigChanges changes = one.diff(same);

    assertTrue(changes.isEmpty());
    assertEquals(one, same);
  }

  @Test
  void shouldPublishEverythingFromEmptyAndRemoveEverythingToEmpty() {
    ConfigSnapshot full = ConfigSnapshot.of(List.of(tenant("acme", 60L), provider("sim")));

    ConfigChanges fromEmpty = ConfigSnapshot.empty().diff(full);
    ConfigChanges toEmpty = full.diff(ConfigSnapshot.empty());

    assertEquals(List.of(provider("sim"), tenant("acme", 60L)), fromEmpty.upserts());
    assertEquals(List.of("provider/sim", "tenant/acme"), toEmpty.deletedKeys());
    assertTrue(toEmpty.upserts().isEmpty());
  }

  @Test
  void shouldKeepTheChecksumWhateverOrderEntitiesAreDeclaredIn() {
    List<ConfigEntity> entities = new ArrayList<>(List.of(tenant("acme", 60L), provider("sim"), model("m"),
        key("k", Scope.CHAT, Scope.MODELS), budget("b")));
    ConfigSnapshot declared = ConfigSnapshot.of(entities);
    Collections.reverse(entities);

    ConfigSnapshot reversed = ConfigSnapshot.of(entities);

    assertEquals(declared.checksum(), reversed.checksum());
    assertTrue(declared.checksum().matches("[0-9a-f]{64}"));
  }

  @Test
  void shouldChangeTheChecksumWhenAnyValueChanges() {
    ConfigSnapshot one = ConfigSnapshot.of(List.of(tenant("acme", 60L)));

    ConfigSnapshot other = ConfigSnapshot.of(List.of(tenant("acme", 61L)));

    assertNotEquals(one.checksum(), other.checksum());
  }

  @Test
  void shouldHashSetsInAFixedOrderNotTheJvmsIterationOrder() {
    ConfigSnapshot snapshot = ConfigSnapshot.of(List.of(key("k", Scope.MODELS, Scope.EMBEDDINGS, Scope.CHAT)));

    String json = new String(snapshot.canonicalJson(), StandardCharsets.UTF_8);

    assertTrue(json.contains("\"scopes\":[\"chat\",\"embeddings\",\"models\"]"), json);
  }

  @Test
  void shouldAddAnEntityToACopyAndLeaveTheOriginalAlone() {
    ConfigSnapshot shipped = ConfigSnapshot.of(List.of(tenant("dev", 60L)));

    ConfigSnapshot withKey = shipped.with(key("dev", Scope.CHAT));

    assertEquals(1, shipped.size());
    assertEquals(2, withKey.size());
    assertEquals("dev", withKey.key("dev").orElseThrow().tenant());
    assertEquals(List.of("dev"), withKey.keys().stream().map(KeyConfig::id).toList());
    assertTrue(shipped.key("dev").isEmpty());
  }

  @Test
  void shouldReplaceAnEntityWithTheSameKeyAndRemoveOneByKey() {
    ConfigSnapshot snapshot = ConfigSnapshot.of(List.of(tenant("acme", 60L), provider("sim")));

    ConfigSnapshot replaced = snapshot.with(tenant("acme", 5L)).without("provider/sim");

    assertEquals(Map.of("tenant/acme", tenant("acme", 5L)), replaced.entities());
  }

  @Test
  void shouldRefuseRevisionMarkersAndDuplicateKeys() {
    ConfigRevision marker = new ConfigRevision(1, ConfigRevision.ID, 1, Instant.EPOCH, "00", 0);

    assertThrows(IllegalArgumentException.class, () -> ConfigSnapshot.of(List.of(marker)));
    assertThrows(IllegalArgumentException.class, () -> ConfigSnapshot.empty().with(marker));
    assertThrows(IllegalArgumentException.class,
        () -> ConfigSnapshot.of(List.of(tenant("acme", 1L), tenant("acme", 2L))));
  }

  @Test
  void shouldNotPrintKeyHashesInToString() {
    ConfigSnapshot snapshot = ConfigSnapshot.of(List.of(key("k", Scope.CHAT)));

    assertEquals("ConfigSnapshot[0 providers, 0 models, 0 tenants, 1 keys, 0 budgets]", snapshot.toString());
  }

  private static TenantConfig tenant(String id, Long requestsPerMinute) {
    return new TenantConfig(1, id, null, new Limits(requestsPerMinute, null, null), false);
  }

  private static ProviderConfig provider(String id) {
    return new ProviderConfig(1, id, new SimulatorSpec(50, 200, 32, null));
  }

  private static ModelConfig model(String alias) {
    Price price = new Price(null, new BigDecimal("0.15"), new BigDecimal("0.60"), null, null);
    Deployment deployment = new Deployment("d", "sim", alias, 1, 0, List.of(price),
        Set.of(Capability.TOOLS, Capability.CHAT), null, null);
    return new ModelConfig(1, alias, RouteStrategy.WEIGHTED, List.of(deployment), List.of());
  }

  private static KeyConfig key(String id, Scope... scopes) {
    return new KeyConfig(1, id, "dev", HASH, null, new LinkedHashSet<>(List.of(scopes)), List.of(), null, null,
        false);
  }

  private static BudgetConfig budget(String id) {
    return new BudgetConfig(1, id, new BudgetScope("acme", null, null), new BigDecimal("10.00"),
        new BudgetWindow(BudgetWindow.WindowKind.DAILY, null), List.of(80), BudgetMode.SOFT, null, null);
  }
}
