package dev.tollgate.adapters.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.adapters.TokenEstimator;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.adapters.json.JsonMembers.Member;
import java.io.IOException;
import java.util.Set;

/**
 * Counts the tokens of generated text in {@code choices}: message or delta content, refusals, reasoning, legacy
 * {@code text}, and tool-call names and arguments. Chunks are counted one by one, so a word split across two chunks
 * may count twice: an estimate that errs high, never a second copy of the stream in memory.
 */
final class CompletionText {
  private static final Set<String> GENERATED =
      Set.of("content", "refusal", "text", "arguments", "reasoning_content", "reasoning");

  private CompletionText() {}

  static long tokens(JsonMembers members, TokenEstimator estimator) throws IOException {
    Member choices = members.get("choices").orElse(null);
    if (choices == null || choices.kind() != JsonToken.START_ARRAY) {
      return 0;
    }
    long tokens = 0;
    try (JsonParser parser = members.parse(choices)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_STRING && isGenerated(parser)) {
          tokens += estimator.countText(parser.getText());
        }
      }
    }
    return tokens;
  }

  private static boolean isGenerated(JsonParser parser) throws IOException {
    String field = parser.currentName();
    if (field == null) {
      return false;
    }
    if (GENERATED.contains(field)) {
      return true;
    }
    JsonStreamContext parent = parser.getParsingContext().getParent();
    return field.equals("name") && parent != null && "function".equals(parent.getCurrentName());
  }
}
