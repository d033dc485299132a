package dev.secretkit.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The listing checks and value copies every store shares. */
class PageTokensTest {

  @Test
  void tokens_areTheLastNameOrIdListed_andAnythingElseIsNotOurs() {
    assertThat(PageTokens.checkList("engineering", null, 1)).isNull();
    assertThat(PageTokens.checkList("engineering", "pg-r", 1)).isEqualTo("pg-r");
    assertThat(PageTokens.idAfter("engineering:pg-r")).isEqualTo(SecretId.of("engineering", "pg-r"));
    assertThatThrownBy(() -> PageTokens.checkList("engineering", "Not A Name", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("page token did not come from this store");
    assertThatThrownBy(() -> PageTokens.checkList("Not A Scope", null, 1))
        .isInstanceOf(InvalidReferenceException.class);
    assertThatThrownBy(() -> PageTokens.checkList("engineering", null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageTokens.idAfter("no-scope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("page token did not come from this store");
    assertThatThrownBy(() -> PageTokens.checkSize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copies_areFreshAndInOrder_soDestroyingOneLeavesTheOther() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("b", SecretValue.ofString("fake-b"));
    values.put("a", SecretValue.ofString("fake-a"));

    Map<String, SecretValue> copy = SecretValues.copy(values);
    values.get("b").destroy();

    assertThat(copy.keySet()).containsExactly("b", "a");
    assertThat(copy.get("b").asString()).isEqualTo("fake-b");
  }
}
