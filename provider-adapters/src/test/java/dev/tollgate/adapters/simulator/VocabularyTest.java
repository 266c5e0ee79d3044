package dev.tollgate.adapters.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.adapters.TokenEstimator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabularyTest {

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4o", "gpt-3.5-turbo"})
  void everyWordIsOneTokenForEitherTokenizer(String model) {
    TokenEstimator estimator = TokenEstimator.forModel(model);

    assertEquals(1, estimator.countText(Vocabulary.FIRST));
    for (String word : Vocabulary.WORDS) {
      assertEquals(1, estimator.countText(word), "'" + word + "' in " + estimator.encodingName());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpt-4o", "gpt-3.5-turbo"})
  void aReplyOfNTokensCountsNTokensWhole(String model) {
    TokenEstimator estimator = TokenEstimator.forModel(model);

    for (long seed = 0; seed < 50; seed++) {
      List<String> tokens = Vocabulary.tokens(seed, 40);

      assertEquals(40, estimator.countText(String.join("", tokens)), "seed " + seed);
    }
  }
}
