package dev.tollgate.launcher.config;

/**
 * One thing wrong with a configuration file, precise enough to fix without reading the code.
 *
 * <p>{@link #toString()} renders the form editors and CI logs understand: {@code
 * tollgate.yaml:14:7: models[2].deployments[0].provider: unknown provider 'opnai' (expected one of: openai, sim)}.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when the problem concerns the whole file
 * @param path where in the document, like {@code models[2].deployments[0].provider}; empty for the whole file
 * @param message what is wrong
 * @param expected what is expected instead, or null when the message says it all
 */
public record ConfigProblem(String file, int line, int column, String path, String message, String expected) {

  public ConfigProblem {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("message is required");
    }
    file = file == null ? "" : file;
    path = path == null ? "" : path;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    out.append(message);
    if (expected != null) {
      out.append(" (expected ").append(expected).append(')');
    }
    return out.toString();
  }
}
