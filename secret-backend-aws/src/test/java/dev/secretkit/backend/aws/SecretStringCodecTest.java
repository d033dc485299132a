package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretStringCodecTest {

  @Test
  void encode_isAFlatJsonObjectOfTheKeys_inOrder() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("username", SecretValue.ofString("fake-user"));
    values.put("password", SecretValue.ofString("pä\"ss\\wörd\n"));
    values.put("empty", SecretValue.ofString(""));

    assertThat(SecretStringCodec.encode(values))
        .isEqualTo("{\"username\":\"fake-user\",\"password\":\"pä\\\"ss\\\\wörd\\n\",\"empty\":\"\"}");
  }

  @Test
  void binaryAndMarkerLookingValues_areBase64_andComeBackByteForByte() {
    byte[] every = new byte[256];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("blob", SecretValue.ofBytes(every));
    values.put("looks-marked", SecretValue.ofString(SecretStringCodec.BINARY_PREFIX + "abc"));
    values.put("astral", SecretValue.ofString("\uD83D\uDD11 key\u0000"));

    String encoded = SecretStringCodec.encode(values);
    Map<String, SecretValue> decoded = SecretStringCodec.decode(encoded);

    assertThat(encoded).contains("\"blob\":\"secretkit:base64:AAECAwQF");
    assertThat(decoded.keySet()).containsExactly("blob", "looks-marked", "astral");
    assertThat(decoded.get("blob").bytes()).isEqualTo(every);
    assertThat(decoded.get("looks-marked").asString()).isEqualTo(SecretStringCodec.BINARY_PREFIX + "abc");
    assertThat(decoded.get("astral").asString()).isEqualTo("\uD83D\uDD11 key\u0000");
  }

  @Test
  void decode_acceptsWhatOtherToolsWrite_scalarsAsTheirText() {
    Map<String, SecretValue> decoded = SecretStringCodec.decode("{\"port\": 5432, \"tls\": true, \"x\": null}");

    assertThat(decoded.get("port").asString()).isEqualTo("5432");
    assertThat(decoded.get("tls").asString()).isEqualTo("true");
    assertThat(decoded.get("x").asString()).isEqualTo("null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fake-canary-value", "[\"fake-canary-value\"]", "{\"k\": {\"n\": \"fake-canary-value\"}}",
      "{\"k\": [\"fake-canary-value\"]}", "{\"k\": \"fake-canary-value\"} trailing", "{\"k\": \"fake-canary-value\"",
      "{\"k\": \"secretkit:base64:fake-canary-value!\"}", "{\"k\": \"a\", \"k\": \"fake-canary-value\"}"})
  void decode_refusesAnythingButAFlatObject_withoutQuotingIt(String secretString) {
    assertThatThrownBy(() -> SecretStringCodec.decode(secretString))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("fake-canary-value")
        .hasNoCause();
  }
}
