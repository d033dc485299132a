package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretValue;
import dev.secretkit.SecretVersion;
import dev.secretkit.spi.SecretEnvelope;
import dev.secretkit.spi.VersionEntry;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A KV version's data map as the store writes and reads it; malformed maps are refused without quoting them. */
class VaultRecordTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final SecretEnvelope ENVELOPE = SecretEnvelope.of(new SecretMetadata("secret", "v1", "key-value", "r",
      "olivia", List.of(), null, null, List.of(), List.of(), T0, "olivia", T0, "olivia"),
      List.of(VersionEntry.of(new SecretVersion(1, T0, "olivia"), "1")));

  private static JsonObject written(Map<String, SecretValue> values) {
    JsonObject data = new JsonObject();
    VaultRecord.encode(values, ENVELOPE).forEach((key, value) -> data.add(key, (JsonValue) value));
    return data;
  }

  @Test
  void encodeThenDecode_keepsValuesOrderAndEnvelope_andToStringShowsKeysOnly() {
    Map<String, SecretValue> values = new LinkedHashMap<>();
    values.put("zeta", SecretValue.ofString("fake-zeta"));
    values.put("alpha", SecretValue.ofBytes(new byte[] {(byte) 0xff}));

    VaultRecord record = VaultRecord.decode(written(values));

    assertThat(record.values()).containsExactlyEntriesOf(values);
    assertThat(record.envelope()).isEqualTo(ENVELOPE);
    assertThat(record.ownVersion()).contains(1L);
    assertThat(record.sameAs(values, ENVELOPE)).isTrue();
    assertThat(record.sameAs(Map.of("zeta", SecretValue.ofString("fake-zeta")), ENVELOPE)).isFalse();
    assertThat(record).hasToString("VaultRecord[keys=[zeta, alpha]]");
    assertThat(VaultRecord.size(values, ENVELOPE)).isEqualTo(new JsonObject().add("data", written(values)).toString()
        .length());
  }

  @Test
  void decode_refusesMalformedReservedFields_withoutQuotingTheData() {
    String withoutReserved = "{\"password\":\"fake-canary-value\"}";
    String notAnObject = "{\"password\":\"fake-canary-value\",\"_secretkit\":\"fake-canary-value\"}";
    String keysNotText = "{\"password\":\"fake-canary-value\",\"_secretkit\":{\"keys\":[1],\"envelope\":"
        + ENVELOPE.toJson() + "}}";

    assertThatThrownBy(() -> VaultRecord.decode(Json.parse(withoutReserved).asObject()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("it has no _secretkit field");
    assertThatThrownBy(() -> VaultRecord.decode(Json.parse(notAnObject).asObject()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("its _secretkit field is not SecretKit's (it needs keys and envelope)");
    assertThatThrownBy(() -> VaultRecord.decode(Json.parse(keysNotText).asObject()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("its _secretkit field lists a key that is not text");
  }
}
