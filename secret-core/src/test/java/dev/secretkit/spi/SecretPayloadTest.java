package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretkit.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, SecretValue> values() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("username", SecretValue.ofString("fake-user"));
    values.put("password", SecretValue.ofString("p\u00e4ss \"quoted\" \n"));
    values.put("empty", SecretValue.ofString(""));
    values.put("binary", SecretValue.ofBytes(new byte[] {0, (byte) 0xff, (byte) 0xc3, 0x28}));
    values.put("looks-marked", SecretValue.ofString(SecretPayload.BINARY_PREFIX + "AAAA"));
    return values;
  }

  @Test
  void document_roundTripsValuesByteForByteInOrder_withTheEnvelope() {
    String document = SecretPayload.encode(values(), SecretEnvelopeTest.envelope());

    SecretPayload read = SecretPayload.decode(document);

    assertThat(read.values()).containsExactlyEntriesOf(values());
    assertThat(read.envelope()).contains(SecretEnvelopeTest.envelope());
    assertThat(SecretPayload.size(values(), SecretEnvelopeTest.envelope()))
        .isEqualTo(document.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void otherTools_readTheUserKeysAsTopLevelText() throws Exception {
    JsonNode node = JSON.readTree(SecretPayload.encode(values(), SecretEnvelopeTest.envelope()));

    assertThat(node.path("username").asText()).isEqualTo("fake-user");
    assertThat(node.path("password").asText()).isEqualTo("p\u00e4ss \"quoted\" \n");
    assertThat(node.path(SecretPayload.RESERVED_KEY).isObject()).isTrue();
    assertThat(node.path("binary").asText()).startsWith(SecretPayload.BINARY_PREFIX);
  }

  @Test
  void aDocumentAnotherToolWrote_hasValuesAndNoEnvelope() {
    SecretPayload read = SecretPayload.decode("{\"user\":\"u\",\"port\":5432,\"tls\":true,\"none\":null}");

    assertThat(read.envelope()).isEmpty();
    assertThat(read.values()).containsOnlyKeys("user", "port", "tls", "none");
    assertThat(read.values().get("port").asString()).isEqualTo("5432");
    assertThat(read.values().get("none").asString()).isEqualTo("null");
  }

  @Test
  void theReservedKey_cannotHoldAUserValue() {
    Map<String, SecretValue> values = Map.of(SecretPayload.RESERVED_KEY, SecretValue.ofString("canary-9"));

    assertThatThrownBy(() -> SecretPayload.encode(values, SecretEnvelopeTest.envelope()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved").hasMessageNotContaining("canary");
  }

  @ParameterizedTest
  @ValueSource(strings = {"canary-1", "[\"canary-2\"]", "{\"k\":{\"nested\":\"canary-3\"}}", "{\"k\":[\"canary-4\"]}",
      "{\"k\":\"canary-5\",\"k\":\"canary-6\"}", "{\"k\":\"secretkit:base64:canary-7!\"}", "{\"k\":\"canary-8\"",
      "{\"k\":\"v\",\"_secretkit\":\"canary-9\"}"})
  void malformed_isRefusedWithoutQuotingTheDocument(String document) {
    assertThatThrownBy(() -> SecretPayload.decode(document)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("canary");
  }

  @Test
  void toString_namesKeysOnly() {
    SecretPayload read = SecretPayload.decode(SecretPayload.encode(values(), SecretEnvelopeTest.envelope()));

    assertThat(read.toString()).contains("username").doesNotContain("fake-user");
  }
}
