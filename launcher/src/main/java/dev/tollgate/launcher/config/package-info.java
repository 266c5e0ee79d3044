/**
 * The declarative configuration: the YAML file operators write, its validation, and its publication to
 * {@code tollgate.config}.
 *
 * <p>{@link dev.tollgate.launcher.config.ConfigLoader} reads a file into a
 * {@link dev.tollgate.schemas.config.ConfigSnapshot} or into every {@link dev.tollgate.launcher.config.ConfigProblem}
 * it has, each with its line and column; {@link dev.tollgate.launcher.config.ConfigPublisher} publishes a snapshot
 * as one transaction ending with a revision marker, which every service's
 * {@link dev.tollgate.schemas.config.ConfigView} waits for before it reloads.
 *
 * <p>The file has {@code version: 1} and five lists, each entry a mapping with an {@code id}, in the records'
 * snake_case field names:
 *
 * <ul>
 *   <li>{@code providers}: an {@code api} ({@code openai_compatible}, {@code azure_openai}, {@code anthropic},
 *       {@code gemini}, {@code bedrock} or {@code simulator}) and that api's fields in the same mapping. Secrets
 *       are named by environment variable ({@code api_key_env: OPENAI_API_KEY}), never written;
 *   <li>{@code models}: the public alias as {@code id} (it may contain {@code /}), a {@code strategy}, the
 *       {@code deployments} (provider, upstream model, weight, priority, capabilities, and {@code price} or a
 *       {@code prices} timeline with {@code effective_from}) and {@code fallbacks};
 *   <li>{@code tenants} with their {@code limits};
 *   <li>{@code keys}: virtual keys by {@code secret_hash} only, as printed by {@code ./tollgate hash-key};
 *   <li>{@code budgets}: a {@code scope} ({@code tenant}, optional {@code key} and {@code model}), an
 *       {@code amount_usd}, a {@code window} ({@code daily}, {@code weekly}, {@code monthly} or
 *       {@code {rolling_days: N}}), {@code thresholds_percent}, a {@code mode} ({@code hard} or {@code soft}),
 *       a {@code time_zone} and a {@code webhook_url}.
 * </ul>
 *
 * <p>Prices and amounts are exact decimals read from the text as written, whether as YAML numbers or quoted.
 * Anchors, aliases and merge keys ({@code <<: *defaults}) work; top-level fields starting with {@code x-} are
 * ignored, to hold blocks reused that way. The shipped example is
 * {@code dev/tollgate/launcher/default-config.yaml}.
 */
package dev.tollgate.launcher.config;
