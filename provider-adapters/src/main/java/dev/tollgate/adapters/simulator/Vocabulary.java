package dev.tollgate.adapters.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's words. Each, with its leading space, is exactly one token in both {@code cl100k_base} and
 * {@code o200k_base}, and so is the opening {@code "The"}; since both tokenizers split text into words before
 * merging, a reply of {@code n} tokens here counts {@code n} tokens for any estimator, chunk by chunk or whole.
 */
final class Vocabulary {
  static final String FIRST = "The";
  static final List<String> WORDS = List.of(
      " river", " stone", " garden", " window", " paper", " music", " green", " bright",
      " quiet", " gentle", " simple", " clear", " calm", " warm", " morning", " evening",
      " summer", " winter", " spring", " autumn", " forest", " mountain", " valley", " ocean",
      " island", " bridge", " road", " path", " light", " water", " house", " home",
      " city", " world", " field", " door", " room", " school", " word", " line",
      " name", " hand", " head", " face", " body", " mind", " power", " family",
      " country", " history", " story", " small", " large", " early", " young", " white",
      " open", " free", " whole", " human", " local", " certain", " different", " important");

  private Vocabulary() {}

  /** The reply's tokens: a function of the seed and the count only. */
  static List<String> tokens(long seed, int count) {
    List<String> tokens = new ArrayList<>(count);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      tokens.add(i == 0 ? FIRST : WORDS.get(random.nextInt(WORDS.size())));
    }
    return tokens;
  }
}
