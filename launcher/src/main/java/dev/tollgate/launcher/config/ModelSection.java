package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.Capability;
import dev.tollgate.schemas.config.ConfigKind;
import dev.tollgate.schemas.config.Deployment;
import dev.tollgate.schemas.config.ModelConfig;
import dev.tollgate.schemas.config.Price;
import dev.tollgate.schemas.config.RouteStrategy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one entry of {@code models}: a public alias, its deployments with their prices, and its fallbacks. */
final class ModelSection {
  static final int DEFAULT_WEIGHT = 1;
  static final int DEFAULT_PRIORITY = 0;
  /** A deployment that names no capabilities serves chat, by far the most common case. */
  static final Set<Capability> DEFAULT_CAPABILITIES = Set.of(Capability.CHAT);

  private static final int MAX_TOKENS = 100_000_000;

  private ModelSection() {}

  static Optional<ModelConfig> read(Fields f, Catalog catalog) {
    int before = f.problems().count();
    String alias = Formats.alias(f, "id");
    if (alias != null) {
      catalog.declare(ConfigKind.MODEL, alias, f.value("id"), f.pathOf("id"));
    }
    RouteStrategy strategy = f.choice("strategy", RouteStrategy.class);
    List<Deployment> deployments = deployments(f, alias, catalog);
    if (strategy != RouteStrategy.PRIORITY && !deployments.isEmpty()
        && deployments.stream().allMatch(d -> d.weight() == 0)) {
      f.problems().add(f.value("deployments"), f.pathOf("deployments"), "every deployment has weight 0, so none "
          + "would ever be picked", "at least one deployment with weight >= 1");
    }
    List<String> fallbacks = fallbacks(f, alias, catalog);
    f.rejectUnknown();
    return f.build(before, () -> new ModelConfig(ModelConfig.CURRENT_SCHEMA_VERSION, alias, strategy,
        deployments, fallbacks));
  }

  private static List<Deployment> deployments(Fields f, String alias, Catalog catalog) {
    List<Deployment> out = new ArrayList<>();
    if (!f.require("deployments", "a list of deployments, each with id, provider and upstream_model")) {
      return out;
    }
    List<Node> items = f.list("deployments");
    if (items.isEmpty() && f.value("deployments") instanceof SequenceNode) {
      f.problems().add(f.value("deployments"), f.pathOf("deployments"), "a model needs at least one deployment",
          "a list of deployments, each with id, provider and upstream_model");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = f.pathOf("deployments") + "[" + i + "]";
      Fields.of(items.get(i), path, f.problems())
          .flatMap(d -> deployment(d, alias, ids, catalog))
          .ifPresent(out::add);
    }
    return out;
  }

  private static Optional<Deployment> deployment(Fields d, String alias, Set<String> ids, Catalog catalog) {
    int before = d.problems().count();
    String id = Formats.id(d, "id");
    if (id != null && !ids.add(id)) {
      d.problems().add(d.value("id"), d.pathOf("id"), "duplicate deployment id '" + id + "' in this model",
          "a deployment id unique within the model");
    }
    String provider = d.requiredText("provider", "the id of a provider declared under providers");
    if (provider != null) {
      catalog.refer(ConfigKind.PROVIDER, provider, d.value("provider"), d.pathOf("provider"));
    }
    String upstream = d.requiredText("upstream_model", "the model name the provider knows, like gpt-4o-mini");
    if (id != null && alias != null) {
      catalog.declareDeployment(alias, id, provider, upstream, d.value("id"), d.pathOf("id"));
    }
    Integer weight = d.integer("weight", 0, 1_000_000);
    Integer priority = d.integer("priority", 0, 1_000);
    List<Price> prices = Prices.read(d);
    Set<Capability> capabilities = capabilities(d);
    Integer contextLength = d.integer("context_length", 1, MAX_TOKENS);
    Integer maxOutput = d.integer("max_output_tokens", 1, MAX_TOKENS);
    if (contextLength != null && maxOutput != null && maxOutput > contextLength) {
      d.problems().add(d.value("max_output_tokens"), d.pathOf("max_output_tokens"), "larger than context_length ("
          + contextLength + ")", "at most context_length");
    }
    d.rejectUnknown();
    return d.build(before, () -> new Deployment(id, provider, upstream,
        weight == null ? DEFAULT_WEIGHT : weight, priority == null ? DEFAULT_PRIORITY : priority,
        prices, capabilities, contextLength, maxOutput));
  }

  private static Set<Capability> capabilities(Fields d) {
    if (!d.has("capabilities")) {
      return DEFAULT_CAPABILITIES;
    }
    Set<Capability> out = EnumSet.noneOf(Capability.class);
    for (Fields.Item item : d.scalars("capabilities", "a capability")) {
      Capability c = Scalars.choice(item.node(), item.path(), "capability", Capability.class, d.problems());
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<String> fallbacks(Fields f, String alias, Catalog catalog) {
    List<String> out = new ArrayList<>();
    for (Fields.Item item : f.scalars("fallbacks", "a model alias")) {
      String to = item.text();
      catalog.refer(ConfigKind.MODEL, to, item.node(), item.path());
      if (alias != null) {
        catalog.fallback(alias, to, item.node(), item.path());
      }
      out.add(to);
    }
    return out;
  }
}
