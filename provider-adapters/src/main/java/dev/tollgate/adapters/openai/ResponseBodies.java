package dev.tollgate.adapters.openai;

import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.adapters.TranslatedResponse;
import dev.tollgate.adapters.UpstreamFailure;
import dev.tollgate.adapters.Usage;
import dev.tollgate.adapters.json.JsonMembers;
import dev.tollgate.adapters.json.JsonMembers.Member;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** A complete 2xx answer: the alias put back, the usage read (or estimated when the upstream left it out). */
final class ResponseBodies {
  private ResponseBodies() {}

  static TranslatedResponse translate(Exchange exchange, byte[] body) {
    try {
      JsonMembers members = JsonMembers.scan(body);
      if (members.has("error")) {
        // some compatible servers answer 200 with an error body
        return UpstreamErrors.embedded(body, 502, true);
      }
      byte[] out = members.has("model") ? members.rewrite(Map.of("model", JsonMembers.quote(exchange.alias()))) : body;
      return new TranslatedResponse.Success(out, usage(exchange, members));
    } catch (IOException e) {
      return new UpstreamFailure(
          502, "server_error", "upstream_invalid_response", "upstream returned a body that is not JSON", null, true);
    }
  }

  private static Usage usage(Exchange exchange, JsonMembers members) throws IOException {
    Optional<Member> usage = members.get("usage").filter(m -> m.kind() == JsonToken.START_OBJECT);
    if (usage.isPresent()) {
      return UsageReader.read(members.raw(usage.get()));
    }
    return exchange.estimate(CompletionText.tokens(members, exchange.estimator()));
  }
}
