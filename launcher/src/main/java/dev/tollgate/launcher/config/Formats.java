package dev.tollgate.launcher.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Checks for text fields with a format: ids, aliases, environment variable names, URLs, zones and times. */
final class Formats {
  /** Ids of providers, tenants, keys, budgets and deployments; no '/' or ':', which the record keys use. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** Public model aliases may be namespaced: {@code tier/maker/model}, {@code llama3:8b}. */
  static final Pattern ALIAS =
      Pattern.compile("(?=.{1,128}$)[A-Za-z0-9][A-Za-z0-9._:-]*(/[A-Za-z0-9][A-Za-z0-9._:-]*)*");
  static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private static final String ID_EXPECTED = "letters, digits, '.', '_' or '-', starting with a letter or digit, "
      + "at most 64";
  private static final String ENV_EXPECTED =
      "an environment variable name like OPENAI_API_KEY: upper-case letters, digits and '_'";
  // Prefixes of real credentials: our virtual keys, OpenAI/Anthropic, AWS key ids, Google, GitHub, Slack, JWTs.
  private static final List<String> SECRET_PREFIXES =
      List.of("tg-", "sk-", "sk_", "AKIA", "ASIA", "AIza", "ghp_", "github_pat_", "xox", "eyJ", "Bearer ", "Basic ");

  private Formats() {}

  /** A required entity id. */
  static String id(Fields fields, String name) {
    return matching(fields, name, ID, "not a valid id", ID_EXPECTED);
  }

  /** A required model alias. */
  static String alias(Fields fields, String name) {
    return matching(fields, name, ALIAS, "not a valid model alias",
        "letters, digits, '.', '_', ':' or '-' in segments separated by '/', at most 128");
  }

  private static String matching(Fields fields, String name, Pattern pattern, String message, String expected) {
    String value = fields.requiredText(name, expected);
    if (value != null && !pattern.matcher(value).matches()) {
      fields.problems().add(fields.value(name), fields.pathOf(name), "'" + value + "' is " + message, expected);
      return null;
    }
    return value;
  }

  /**
   * The name of an environment variable that holds a secret. A value that is itself a secret is the mistake this
   * guards against, so the message never repeats it.
   */
  static String envName(Fields fields, String name, boolean required) {
    String value = required ? fields.requiredText(name, ENV_EXPECTED) : fields.text(name);
    if (value == null) {
      return null;
    }
    Node at = fields.value(name);
    if (looksLikeSecret(value)) {
      fields.problems().add(at, fields.pathOf(name), "this looks like a secret, not the name of an environment "
          + "variable; never put secrets in the file: export it and write the variable's name here", ENV_EXPECTED);
      return null;
    }
    if (!ENV_NAME.matcher(value).matches()) {
      fields.problems().add(at, fields.pathOf(name), "'" + value + "' is not an environment variable name",
          ENV_EXPECTED);
      return null;
    }
    return value;
  }

  static boolean looksLikeSecret(String value) {
    String trimmed = value.trim();
    for (String prefix : SECRET_PREFIXES) {
      if (trimmed.startsWith(prefix)) {
        return true;
      }
    }
    // Long random-looking tokens: mixed letters and digits with no word separators.
    return trimmed.length() >= 24 && trimmed.chars().anyMatch(Character::isDigit)
        && trimmed.chars().anyMatch(Character::isLetter) && trimmed.chars().noneMatch(c -> c == '_' || c == ' ');
  }

  /** An http(s) URL without credentials in it. */
  static String url(Fields fields, String name, boolean required) {
    String expected = "an http(s) URL like https://api.example.com/v1";
    String value = required ? fields.requiredText(name, expected) : fields.text(name);
    if (value == null) {
      return null;
    }
    Node at = fields.value(name);
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
        fields.problems().add(at, fields.pathOf(name), "'" + value + "' is not an http(s) URL", expected);
        return null;
      }
      if (uri.getRawUserInfo() != null) {
        fields.problems().add(at, fields.pathOf(name), "the URL carries credentials; never put secrets in the file",
            expected + ", without user:password@");
        return null;
      }
      return value.trim();
    } catch (URISyntaxException e) {
      fields.problems().add(at, fields.pathOf(name), "'" + value + "' is not a valid URL: " + e.getReason(),
          expected);
      return null;
    }
  }

  /** An IANA time zone id. */
  static String timeZone(Fields fields, String name) {
    String value = fields.text(name);
    if (value == null) {
      return null;
    }
    try {
      ZoneId.of(value.trim());
      return value.trim();
    } catch (DateTimeException e) {
      fields.problems().add(fields.value(name), fields.pathOf(name), "unknown time zone '" + value + "'",
          "an IANA zone id like UTC, Europe/Paris or America/New_York");
      return null;
    }
  }

  /** An instant: ISO-8601 with an offset, or a bare date meaning midnight UTC. */
  static Instant instant(Fields fields, String name) {
    String value = fields.text(name);
    if (value == null) {
      return null;
    }
    String text = value.trim();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        fields.problems().add(fields.value(name), fields.pathOf(name), "'" + value + "' is not a time",
            "an ISO-8601 time like 2025-07-01T00:00:00Z, or a date like 2025-07-01 (midnight UTC)");
        return null;
      }
    }
  }
}
