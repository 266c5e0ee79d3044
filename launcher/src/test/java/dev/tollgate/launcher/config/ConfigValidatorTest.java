package dev.tollgate.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tollgate.schemas.config.BedrockSpec;
import dev.tollgate.schemas.config.BudgetConfig;
import dev.tollgate.schemas.config.BudgetWindow;
import dev.tollgate.schemas.config.ConfigEntity;
import dev.tollgate.schemas.config.ConfigSnapshot;
import dev.tollgate.schemas.config.Price;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

  @Test
  void shouldPointAtATypoAndSuggestTheFieldItWasMeantToBe() {
    LoadResult result = load("typo-field.yaml");

    assertProblems(result,
        "typo-field.yaml:7:5: models[0].stratgy: unknown field 'stratgy', did you mean 'strategy'? "
            + "(expected one of: id, strategy, deployments, fallbacks)",
        "typo-field.yaml:11:9: models[0].deployments[0].upstream_modle: unknown field 'upstream_modle', did you "
            + "mean 'upstream_model'? (expected one of: id, provider, upstream_model, weight, priority, price, "
            + "prices, capabilities, context_length, max_output_tokens)",
        "typo-field.yaml:12:1: tennants: unknown field 'tennants', did you mean 'tenants'? "
            + "(expected one of: version, providers, models, tenants, keys, budgets)");
  }

  @Test
  void shouldReportAReferenceToAnUnknownProviderWithTheKnownOnes() {
    LoadResult result = load("unknown-provider.yaml");

    ConfigProblem problem = result.problems().get(0);
    assertEquals(1, result.problems().size());
    assertEquals(13, problem.line());
    assertEquals(19, problem.column());
    assertEquals("models[0].deployments[0].provider", problem.path());
    assertEquals("unknown provider 'opnai', did you mean 'openai'?", problem.message());
    assertEquals("one of: openai, sim", problem.expected());
    assertEquals("unknown-provider.yaml:13:19: models[0].deployments[0].provider: unknown provider 'opnai', did "
        + "you mean 'openai'? (expected one of: openai, sim)", problem.toString());
  }

  @Test
  void shouldReportEveryDuplicateIdWhereTheSecondOneIs() {
    LoadResult result = load("duplicate-id.yaml");

    assertProblems(result,
        "duplicate-id.yaml:5:9: providers[1].id: duplicate provider id 'sim', already used at providers[0].id on "
            + "line 3 (expected an id unique among providers)",
        "duplicate-id.yaml:10:9: tenants[1].id: duplicate tenant id 'acme', already used at tenants[0].id on "
            + "line 9 (expected an id unique among tenants)");
  }

  @Test
  void shouldRejectARawKeyWithoutRepeatingIt() {
    LoadResult result = load("raw-key.yaml");

    assertProblems(result,
        "raw-key.yaml:7:18: keys[0].secret_hash: this looks like a raw key, not its hash; keys must never be in "
            + "the file: run ./tollgate hash-key and paste its output "
            + "(expected sha256:<64 hex digits>, as printed by ./tollgate hash-key)",
        "raw-key.yaml:10:18: keys[1].secret_hash: not a valid hash: 'sha256:' must be followed by 64 lower-case "
            + "hex digits (expected sha256:<64 hex digits>, as printed by ./tollgate hash-key)");
    assertFalse(result.report().contains("tg-ci."), "the raw key must not be echoed");
  }

  @Test
  void shouldRejectNumbersThatAreNotDecimalsOrAreNegative() {
    LoadResult result = load("bad-decimal.yaml");

    assertProblems(result,
        "bad-decimal.yaml:11:31: models[0].deployments[0].price.input_per_mtok_usd: '0.1.5' is not a decimal "
            + "number (expected a decimal number like 0.15)",
        "bad-decimal.yaml:12:32: models[0].deployments[0].price.output_per_mtok_usd: must not be negative, "
            + "got -2 (expected a number >= 0)",
        "bad-decimal.yaml:13:37: models[0].deployments[0].price.cache_write_per_mtok_usd: must not be negative, "
            + "got -3.75 (expected a number >= 0)",
        "bad-decimal.yaml:19:17: budgets[0].amount_usd: '$100' is not a decimal number "
            + "(expected a decimal number like 0.15)");
  }

  @Test
  void shouldListTheAllowedValuesOfABadEnum() {
    LoadResult result = load("bad-enum.yaml");

    assertProblems(result,
        "bad-enum.yaml:4:10: providers[0].api: unknown api 'simulatr', did you mean 'simulator'? "
            + "(expected one of: openai_compatible, azure_openai, anthropic, gemini, bedrock, simulator)",
        "bad-enum.yaml:7:15: models[0].strategy: unknown strategy 'round_robin' "
            + "(expected one of: weighted, priority, lowest_latency, cheapest)",
        "bad-enum.yaml:12:30: models[0].deployments[0].capabilities[1]: unknown capability 'images' "
            + "(expected one of: chat, completions, embeddings, tools, vision)",
        "bad-enum.yaml:19:13: budgets[0].window: unknown window 'dayly', did you mean 'daily'? "
            + "(expected daily, weekly, monthly, or {rolling_days: N})",
        "bad-enum.yaml:20:11: budgets[0].mode: unknown mode 'strict' (expected one of: hard, soft)");
  }

  @Test
  void shouldReportAYamlSyntaxErrorWithItsLine() {
    LoadResult result = load("syntax-error.yaml");

    assertProblems(result, "syntax-error.yaml:5:3: invalid YAML: expected <block end>, but found '?' "
        + "(while parsing a block collection on line 3)");
  }

  @Test
  void shouldReportEveryProblemOfAFileAtOnceInDocumentOrder() {
    LoadResult result = load("many-problems.yaml");

    String env = "(expected an environment variable name like OPENAI_API_KEY: upper-case letters, digits and '_')";
    assertProblems(result,
        "many-problems.yaml:1:10: version: unsupported version 2 (expected version: 1)",
        "many-problems.yaml:5:15: providers[0].base_url: 'not a url' is not a valid URL: Illegal character in "
            + "path (expected an http(s) URL like https://api.example.com/v1)",
        "many-problems.yaml:6:18: providers[0].api_key_env: this looks like a secret, not the name of an "
            + "environment variable; never put secrets in the file: export it and write the variable's name here "
            + env,
        "many-problems.yaml:7:5: providers[1]: missing required field 'secret_access_key_env' " + env,
        "many-problems.yaml:9:13: providers[1].region: 'Europe' is not an AWS region "
            + "(expected an AWS region like us-east-1)",
        "many-problems.yaml:10:24: providers[1].access_key_id_env: 'aws_access_key_id' is not an environment "
            + "variable name " + env,
        "many-problems.yaml:17:17: models[0].deployments[0].weight: out of range: -1 "
            + "(expected a whole number from 0 to 1000000)",
        "many-problems.yaml:20:18: models[1].deployments: a model needs at least one deployment "
            + "(expected a list of deployments, each with id, provider and upstream_model)",
        "many-problems.yaml:21:17: models[1].fallbacks[0]: fallback cycle: a -> b -> a "
            + "(expected fallbacks that end without returning to an alias already tried)",
        "many-problems.yaml:22:9: models[2].id: 'bad alias!' is not a valid model alias "
            + "(expected letters, digits, '.', '_', ':' or '-' in segments separated by '/', at most 128)",
        "many-problems.yaml:27:35: tenants[0].limits.requests_per_minute: out of range: 0 "
            + "(expected a whole number >= 1)",
        "many-problems.yaml:33:14: keys[0].models[0]: unknown model alias 'c' (expected one of: a, b)",
        "many-problems.yaml:35:13: keys[1].tenant: unknown tenant 'nobody' (expected one of: acme, beta)",
        "many-problems.yaml:39:32: budgets[0].scope.key: key 'k1' belongs to tenant 'acme', not 'beta' "
            + "(expected a key of tenant 'beta')",
        "many-problems.yaml:41:28: budgets[0].window.rolling_days: out of range: 0 "
            + "(expected a whole number from 1 to 366)",
        "many-problems.yaml:42:30: budgets[0].thresholds_percent[1]: out of range: 150 "
            + "(expected a whole number from 1 to 100)",
        "many-problems.yaml:43:16: budgets[0].time_zone: unknown time zone 'Mars/Olympus' "
            + "(expected an IANA zone id like UTC, Europe/Paris or America/New_York)",
        "many-problems.yaml:44:18: budgets[0].webhook_url: 'ftp://hooks.example.com' is not an http(s) URL "
            + "(expected an http(s) URL like https://api.example.com/v1)");
    assertFalse(result.report().contains("sk-proj-"), "the secret must not be echoed");
  }

  @Test
  void shouldValidateTheShippedDefaultConfigWithoutProblems() {
    LoadResult result = ConfigLoader.loadDefault();

    assertEquals(List.of(), result.problems());
    ConfigSnapshot snapshot = result.snapshot();
    assertEquals(List.of("sim"), ids(snapshot.providers()));
    assertEquals(List.of("gpt-4o", "gpt-4o-mini", "text-embedding-3-small"), ids(snapshot.models()));
    assertEquals(List.of("dev"), ids(snapshot.tenants()));
    assertEquals(List.of(), snapshot.keys());
    assertEquals(List.of("dev-daily"), ids(snapshot.budgets()));
  }

  @Test
  void shouldKeepPricesAndAmountsExactAsWritten() {
    ConfigSnapshot snapshot = load("exact-decimals.yaml").snapshot();

    Price price = snapshot.model("m").orElseThrow().deployments().get(0).prices().get(0);
    assertEquals(new BigDecimal("0.1"), price.inputPerMtokUsd());
    assertEquals(new BigDecimal("0.2"), price.outputPerMtokUsd());
    assertEquals(new BigDecimal("0.3"), price.inputPerMtokUsd().add(price.outputPerMtokUsd()));
    assertEquals(new BigDecimal("0.30000000000000004"), price.cachedInputPerMtokUsd());
    assertEquals(new BigDecimal("100"), price.reasoningPerMtokUsd());
    assertEquals(new BigDecimal("3.750000000000001"), price.cacheWritePerMtokUsd());
    assertEquals(new BigDecimal("1234567890.123456789"), snapshot.budget("b").orElseThrow().amountUsd());
  }

  @Test
  void shouldReadEveryKindOfEntityFromAValidFile() {
    ConfigSnapshot snapshot = load("valid-full.yaml").snapshot();

    assertEquals(List.of("anthropic", "azure", "bedrock", "flaky", "gemini", "openai"), ids(snapshot.providers()));
    assertEquals(List.of("claude", "gemini-flash", "nova", "tier/openai/gpt-4o"), ids(snapshot.models()));
    assertEquals(new BedrockSpec("eu-west-1", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", null,
            "https://vpce-0abc-bedrock-runtime.eu-west-1.vpce.amazonaws.com"),
        snapshot.provider("bedrock").orElseThrow().spec());
    List<Price> timeline = snapshot.model("tier/openai/gpt-4o").orElseThrow().deployments().get(0).prices();
    assertNull(timeline.get(0).effectiveFrom());
    assertEquals("2024-08-06T00:00:00Z", timeline.get(1).effectiveFrom().toString());
    Price sonnet = snapshot.model("claude").orElseThrow().deployments().get(0).prices().get(0);
    assertEquals(new BigDecimal("3.75"), sonnet.cacheWritePerMtokUsd());
    assertNull(timeline.get(1).cacheWritePerMtokUsd(), "absent: cache writes cost the input rate");
    assertEquals("2027-01-01T00:00:00Z", snapshot.key("acme-ci").orElseThrow().expiresAt().toString());
    BudgetConfig rolling = snapshot.budget("acme-ci-claude").orElseThrow();
    assertEquals(new BudgetWindow(BudgetWindow.WindowKind.ROLLING, 7), rolling.window());
    assertEquals(new BigDecimal("12.345"), rolling.amountUsd());
    assertEquals(List.of(50, 80, 100), snapshot.budget("acme-monthly").orElseThrow().thresholdsPercent());
  }

  @Test
  void shouldReportAnEmptyFileAsAWhole() {
    LoadResult result = ConfigLoader.parse("empty.yaml", "# nothing yet\n");

    assertProblems(result, "empty.yaml: the file is empty (expected a mapping with version: 1 and the lists "
        + "providers, models, tenants, keys and budgets)");
  }

  @Test
  void shouldReportAMissingFileInsteadOfThrowing() {
    LoadResult result = ConfigLoader.load(Path.of("does-not-exist.yaml"));

    assertProblems(result, "does-not-exist.yaml: no such file (expected a YAML file)");
  }

  @Test
  void shouldReportAWrongTypeAndAMissingField() {
    LoadResult result = ConfigLoader.parse("types.yaml", String.join("\n",
        "version: 1",
        "models:",
        "  - id: m",
        "    deployments: {id: d}",
        "tenants:",
        "  - name: no id",
        ""));

    assertProblems(result,
        "types.yaml:4:18: models[0].deployments: expected a list, got a mapping",
        "types.yaml:6:5: tenants[0]: missing required field 'id' (expected letters, digits, '.', '_' or '-', "
            + "starting with a letter or digit, at most 64)");
  }

  @Test
  void shouldReuseBlocksThroughAnchorsMergeKeysAndExtensionFields() {
    LoadResult result = ConfigLoader.parse("anchors.yaml", String.join("\n",
        "version: 1",
        "x-standard-price: &price {input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.60}",
        "x-sim-deployment: &sim {provider: sim, capabilities: [chat, tools], price: *price}",
        "providers: [{id: sim, api: simulator}]",
        "models:",
        "  - id: a",
        "    deployments: [{<<: *sim, id: a1, upstream_model: a}]",
        "  - id: b",
        "    deployments: [{<<: *sim, id: b1, upstream_model: b, price: {input_per_mtok_usd: 1, "
            + "output_per_mtok_usd: 2}}]",
        ""));

    ConfigSnapshot snapshot = result.snapshot();
    Price inherited = snapshot.model("a").orElseThrow().deployments().get(0).prices().get(0);
    Price overridden = snapshot.model("b").orElseThrow().deployments().get(0).prices().get(0);
    assertEquals(new BigDecimal("0.60"), inherited.outputPerMtokUsd());
    assertEquals(new BigDecimal("2"), overridden.outputPerMtokUsd());
    assertEquals("sim", snapshot.model("b").orElseThrow().deployments().get(0).provider());
  }

  private static LoadResult load(String name) {
    try (InputStream in = ConfigValidatorTest.class.getResourceAsStream("/config/" + name)) {
      return ConfigLoader.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertProblems(LoadResult result, String... expected) {
    assertFalse(result.isValid());
    assertEquals(List.of(expected), result.problems().stream().map(ConfigProblem::toString)
        .collect(Collectors.toList()));
  }

  private static List<String> ids(List<? extends ConfigEntity> entities) {
    return entities.stream().map(ConfigEntity::id).collect(Collectors.toList());
  }
}
