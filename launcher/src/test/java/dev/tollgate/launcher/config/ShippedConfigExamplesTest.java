package dev.tollgate.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped configuration's commented-out provider and model examples are what users copy first, so they must
 * stay valid: uncommented, the file still validates, with one more provider per example.
 */
class ShippedConfigExamplesTest {
  // an example line: two spaces, "# ", then a list item or a continuation; prose comments stay comments
  private static final Pattern EXAMPLE_LINE = Pattern.compile("(?m)^  # ((?:- | ).*)$");

  @Test
  void shouldStayValidWithEveryProviderAndModelExampleUncommented() throws IOException {
    String shipped = shipped();
    String providers = section(shipped, "providers:", "models:");
    String models = section(shipped, "models:", "tenants:");
    String uncommented = shipped
        .replace(providers, uncomment(providers))
        .replace(models, uncomment(models));

    LoadResult loaded = ConfigLoader.parse("default-config.yaml", uncommented);

    assertTrue(loaded.problems().isEmpty(), loaded.problems().toString());
    assertEquals(6, loaded.snapshot().providers().size(), "the simulator and one per provider API example");
    assertTrue(loaded.snapshot().models().size() > ConfigLoader.loadDefault().snapshot().models().size());
  }

  private static String uncomment(String text) {
    Matcher m = EXAMPLE_LINE.matcher(text);
    return m.replaceAll(r -> Matcher.quoteReplacement("  " + r.group(1)));
  }

  private static String section(String yaml, String from, String to) {
    int start = yaml.indexOf("\n" + from);
    int end = yaml.indexOf("\n" + to, start);
    return yaml.substring(start, end);
  }

  private static String shipped() throws IOException {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULT_CONFIG_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
