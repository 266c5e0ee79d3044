package dev.tollgate.launcher.config;

import dev.tollgate.schemas.config.Price;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a deployment's {@code price} (one price, in force since always) or {@code prices} (a timeline, each with
 * {@code effective_from}). Amounts are exact decimals in USD per million tokens; the optional cached-input,
 * cache-write and reasoning rates default to the input, input and output rates.
 */
final class Prices {
  private static final String EXPECTED_PRICE = "input_per_mtok_usd and output_per_mtok_usd, like 0.15 and 0.60";

  private Prices() {}

  static List<Price> read(Fields d) {
    boolean single = d.has("price");
    boolean timeline = d.has("prices");
    if (single && timeline) {
      d.problems().add(d.value("prices"), d.pathOf("prices"), "both price and prices are given",
          "price (one price since always) or prices (a list with effective_from), not both");
      return List.of();
    }
    if (single) {
      return d.mapping("price").flatMap(p -> price(p, false)).map(List::of).orElse(List.of());
    }
    List<Price> out = new ArrayList<>();
    List<Node> items = d.list("prices");
    Map<Instant, String> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = d.pathOf("prices") + "[" + i + "]";
      Optional<Fields> entry = Fields.of(items.get(i), path, d.problems());
      Optional<Price> price = entry.flatMap(p -> price(p, true));
      if (price.isPresent()) {
        // null stands for "since always": two of those, or two prices from the same instant, contradict.
        String first = seen.putIfAbsent(price.get().effectiveFrom(), path);
        if (first != null) {
          d.problems().add(items.get(i), path, "another price (" + first + ") is in force from the same time",
              "one price per effective_from, and at most one without it");
        } else {
          out.add(price.get());
        }
      }
    }
    out.sort(Comparator.comparing(Price::effectiveFrom, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  private static Optional<Price> price(Fields p, boolean inTimeline) {
    int before = p.problems().count();
    Instant from = null;
    if (inTimeline) {
      from = Formats.instant(p, "effective_from");
    } else if (p.has("effective_from")) {
      p.problems().add(p.value("effective_from"), p.pathOf("effective_from"), "a single price is in force since "
          + "always", "prices: a list whose entries carry effective_from");
    }
    p.require("input_per_mtok_usd", EXPECTED_PRICE);
    p.require("output_per_mtok_usd", EXPECTED_PRICE);
    BigDecimal input = p.decimal("input_per_mtok_usd");
    BigDecimal output = p.decimal("output_per_mtok_usd");
    BigDecimal cached = p.decimal("cached_input_per_mtok_usd");
    BigDecimal reasoning = p.decimal("reasoning_per_mtok_usd");
    // absent: cache writes cost the input rate (Anthropic bills 1.25 x input for 5-minute writes: set it)
    BigDecimal cacheWrite = p.decimal("cache_write_per_mtok_usd");
    p.rejectUnknown();
    Instant effectiveFrom = from;
    return p.build(before, () -> new Price(effectiveFrom, input, output, cached, reasoning, cacheWrite));
  }
}
