package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.ConfigEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks a composed configuration document from top to bottom and collects every problem on the way: each
 * section reads its own entries, then references between entries are checked once everything is declared.
 */
final class ConfigValidator {
  /** The only file format version there is. */
  static final int SUPPORTED_VERSION = 1;

  /** Top-level fields with this prefix are ignored. */
  static final String EXTENSION_PREFIX = "x-";

  private static final String EXPECTED_DOCUMENT =
      "a mapping with version: 1 and the lists providers, models, tenants, keys and budgets";

  private ConfigValidator() {}

  /** The entities of {@code root}, complete only when {@code problems} stays empty. */
  static List<ConfigEntity> validate(Node root, Problems problems) {
    if (root == null || Fields.isNull(root)) {
      problems.addForFile("the file is empty", EXPECTED_DOCUMENT);
      return List.of();
    }
    Optional<Fields> document = Fields.of(root, "", problems);
    if (document.isEmpty()) {
      return List.of();
    }
    Fields top = document.get();
    version(top);
    Catalog catalog = new Catalog(problems);
    List<ConfigEntity> entities = new ArrayList<>();
    section(top, "providers", ProviderSection::read, catalog, entities);
    section(top, "models", ModelSection::read, catalog, entities);
    section(top, "tenants", TenantSection::read, catalog, entities);
    section(top, "keys", KeySection::read, catalog, entities);
    section(top, "budgets", BudgetSection::read, catalog, entities);
    // As in docker-compose files, x- fields hold blocks to reuse through anchors (&price ... *price).
    top.allowUnread(EXTENSION_PREFIX);
    top.rejectUnknown();
    catalog.checkReferences();
    return entities;
  }

  private static void version(Fields top) {
    String expected = "version: " + SUPPORTED_VERSION;
    if (!top.require("version", expected)) {
      return;
    }
    Long version = top.whole("version", 1, Long.MAX_VALUE);
    if (version != null && version != SUPPORTED_VERSION) {
      top.problems().add(top.value("version"), "version", "unsupported version " + version, expected);
    }
  }

  private static void section(Fields top, String name, BiFunction<Fields, Catalog, ? extends Optional<?
      extends ConfigEntity>> reader, Catalog catalog, List<ConfigEntity> into) {
    List<Node> items = top.list(name);
    for (int i = 0; i < items.size(); i++) {
      Fields.of(items.get(i), name + "[" + i + "]", top.problems())
          .flatMap(fields -> reader.apply(fields, catalog))
          .ifPresent(into::add);
    }
  }
}
