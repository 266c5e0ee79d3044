package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What the sections declare and what they point at. Ids are checked for duplicates as they are declared;
 * references are checked once the whole file is read, since anything may refer to something declared later.
 */
final class Catalog {
  /** A place in the file that names an entity of {@code kind}. */
  record Reference(ConfigKind kind, String id, Node at, String path) {}

  /** A budget scope naming a key and a tenant, which must own it. */
  record Ownership(String key, String tenant, Node at, String path) {}

  /** One fallback edge, from a model alias to another. */
  record Fallback(String from, String to, Node at, String path) {}

  private record Site(Node at, String path) {}

  private record DeploymentSite(String model, String provider, String upstreamModel) {}

  private static final int MAX_LISTED = 12;

  private final Problems problems;
  private final Map<ConfigKind, Map<String, Site>> declared = new EnumMap<>(ConfigKind.class);
  private final Map<String, DeploymentSite> deployments = new HashMap<>();
  private final Map<String, String> keyTenants = new HashMap<>();
  private final List<Reference> references = new ArrayList<>();
  private final List<Ownership> ownerships = new ArrayList<>();
  private final List<Fallback> fallbacks = new ArrayList<>();

  Catalog(Problems problems) {
    this.problems = problems;
  }

  /** Declares an id of {@code kind}; reports it when already taken. */
  void declare(ConfigKind kind, String id, Node at, String path) {
    Site first = declared.computeIfAbsent(kind, k -> new LinkedHashMap<>()).putIfAbsent(id, new Site(at, path));
    if (first != null) {
      problems.add(at, path, "duplicate " + kind.wire() + " id '" + id + "', already used at " + first.path()
          + " on line " + (first.at().getStartMark().getLine() + 1), "an id unique among " + kind.wire() + "s");
    }
  }

  void declareKeyOwner(String key, String tenant) {
    keyTenants.putIfAbsent(key, tenant);
  }

  /**
   * A deployment id names one upstream: health and usage are tracked by it, so two models may share an id only
   * when it means the same provider and upstream model.
   */
  void declareDeployment(String model, String id, String provider, String upstreamModel, Node at, String path) {
    DeploymentSite site = new DeploymentSite(model, provider, upstreamModel);
    DeploymentSite first = deployments.putIfAbsent(id, site);
    if (first != null && !first.model().equals(model)
        && !(Objects.equals(first.provider(), provider) && Objects.equals(first.upstreamModel(), upstreamModel))) {
      problems.add(at, path, "deployment id '" + id + "' is already used by model '" + first.model()
          + "' for provider '" + first.provider() + "' and upstream model '" + first.upstreamModel() + "'",
          "a deployment id of its own, or the same provider and upstream_model");
    }
  }

  void refer(ConfigKind kind, String id, Node at, String path) {
    references.add(new Reference(kind, id, at, path));
  }

  void requireOwnership(String key, String tenant, Node at, String path) {
    ownerships.add(new Ownership(key, tenant, at, path));
  }

  void fallback(String from, String to, Node at, String path) {
    fallbacks.add(new Fallback(from, to, at, path));
  }

  /** Checks every reference, ownership and fallback chain recorded while reading. */
  void checkReferences() {
    for (Reference ref : references) {
      Map<String, Site> ids = declared.getOrDefault(ref.kind(), Map.of());
      if (!ids.containsKey(ref.id())) {
        String noun = ref.kind() == ConfigKind.MODEL ? "model alias" : ref.kind().wire();
        problems.add(ref.at(), ref.path(), "unknown " + noun + " '" + ref.id() + "'"
            + ClosestName.hint(ref.id(), ids.keySet()), expectedIds(ref.kind(), ids));
      }
    }
    for (Ownership o : ownerships) {
      String owner = keyTenants.get(o.key());
      if (owner != null && !owner.equals(o.tenant())) {
        problems.add(o.at(), o.path(), "key '" + o.key() + "' belongs to tenant '" + owner + "', not '"
            + o.tenant() + "'", "a key of tenant '" + o.tenant() + "'");
      }
    }
    new FallbackCycles(fallbacks, problems).report();
  }

  private static String expectedIds(ConfigKind kind, Map<String, Site> ids) {
    if (ids.isEmpty()) {
      return "the id of a " + kind.wire() + " declared under " + kind.wire() + "s";
    }
    List<String> names = new ArrayList<>(ids.keySet());
    // A long catalog would drown the message; the first few show the naming pattern.
    if (names.size() > MAX_LISTED) {
      return "one of: " + String.join(", ", names.subList(0, MAX_LISTED)) + ", …";
    }
    return "one of: " + String.join(", ", names);
  }
}
