package dev.secretkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": the closest known word, the words a prefix may mean, and every nearest one. */
class SuggestionsTest {
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-3", "eu-west-1", "eu-west-2");

  @Test
  void nearest_isEveryCandidateAtTheLeastDistance_inOrder_andNothingWhenTooFarOrExact() {
    assertThat(Suggestions.nearest("eu-westt-1", REGIONS)).containsExactly("eu-west-1");
    assertThat(Suggestions.nearest("eu-west-4", REGIONS)).containsExactly("eu-west-1", "eu-west-2", "eu-west-3");
    assertThat(Suggestions.nearest("ap-south-9", REGIONS)).isEmpty();
    assertThat(Suggestions.nearest("eu-west-1", REGIONS)).isEmpty();
  }

  @Test
  void closest_andClose_allowOneEditForShortWords_andPrefixesForClose() {
    assertThat(Suggestions.closest("fle", List.of("file", "memory"))).hasValue("file");
    assertThat(Suggestions.closest("fxyz", List.of("file", "memory"))).isEmpty();
    assertThat(Suggestions.close("pg", List.of("pg-r", "pg-rw", "mysql"), 3)).containsExactly("pg-r", "pg-rw");
  }
}
