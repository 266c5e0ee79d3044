package dev.tollgate.adapters.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.adapters.InvalidRequestException;

/**
 * OpenAI parameters that the Messages API has no way to honour. Refused with a 400 rather than dropped, since
 * dropping them would change what the client gets; their neutral values (n = 1, zero penalties, logprobs false,
 * text format) pass.
 */
final class Inexpressible {
  private Inexpressible() {}

  static void refuse(JsonNode chat) throws InvalidRequestException {
    JsonNode n = chat.get("n");
    if (n != null && n.isNumber() && n.asLong() > 1) {
      refuse("n", "Anthropic models return one choice per request; 'n' must be 1.");
    }
    if (chat.path("logprobs").asBoolean(false)) {
      refuse("logprobs", "Anthropic models do not return log probabilities; 'logprobs' is not supported.");
    }
    if (present(chat, "top_logprobs")) {
      refuse("top_logprobs", "Anthropic models do not return log probabilities; 'top_logprobs' is not supported.");
    }
    JsonNode bias = chat.get("logit_bias");
    if (bias != null && !bias.isNull() && !bias.isEmpty()) {
      refuse("logit_bias", "'logit_bias' is not supported by Anthropic models.");
    }
    for (String penalty : new String[] {"presence_penalty", "frequency_penalty"}) {
      JsonNode value = chat.get(penalty);
      if (value != null && value.isNumber() && value.asDouble() != 0) {
        refuse(penalty, "'" + penalty + "' is not supported by Anthropic models.");
      }
    }
    JsonNode format = chat.get("response_format");
    if (format != null && !format.isNull() && !"text".equals(format.path("type").asText())) {
      refuse("response_format", "'response_format' other than text is not supported by Anthropic models; "
          + "describe the format in the prompt or use a tool.");
    }
    JsonNode modalities = chat.get("modalities");
    if (present(chat, "audio") || (modalities != null && modalities.toString().contains("\"audio\""))) {
      String param = present(chat, "audio") ? "audio" : "modalities";
      refuse(param, "'" + param + "': audio output is not supported by Anthropic models.");
    }
    for (String unsupported : new String[] {"prediction", "reasoning_effort", "web_search_options", "functions",
        "function_call"}) {
      if (present(chat, unsupported)) {
        refuse(unsupported, "'" + unsupported + "' is not supported for Anthropic models"
            + (unsupported.startsWith("function") ? "; use 'tools' and 'tool_choice'." : "."));
      }
    }
  }

  private static boolean present(JsonNode chat, String name) {
    JsonNode value = chat.get(name);
    return value != null && !value.isNull();
  }

  private static void refuse(String param, String message) throws InvalidRequestException {
    throw new InvalidRequestException(message, param);
  }
}
