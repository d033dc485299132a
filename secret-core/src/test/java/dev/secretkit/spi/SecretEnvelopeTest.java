package dev.secretkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretEnvelopeTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  static SecretMetadata metadata() {
    return new SecretMetadata("secret", "v2alpha", "key-value-properties", "rw", "alice", List.of("source:postgresql"),
        "the sales database", "user", List.of(new Grant("alice", Permission.CAN_EDIT),
        new Grant("bob", Permission.CAN_USE)), List.of("depot:v2alpha:sales"), T0, "alice", T0.plusSeconds(5), "bob",
        Map.of("ca", "ca.pem"));
  }

  static SecretEnvelope envelope() {
    return SecretEnvelope.of(metadata(), List.of(VersionEntry.of(new SecretVersion(1, T0, "alice"), "aws-1"),
        VersionEntry.of(new SecretVersion(2, T0.plusSeconds(5), "bob"), null)));
  }

  @Test
  void json_roundTripsEveryField() {
    SecretEnvelope envelope = envelope();

    SecretEnvelope read = SecretEnvelope.fromJson(envelope.toJson());

    assertThat(read.metadata()).isEqualTo(metadata());
    assertThat(read.history()).isEqualTo(envelope.history());
    assertThat(read.latest()).isEqualTo(new SecretVersion(2, T0.plusSeconds(5), "bob"));
    assertThat(read.entry(1).flatMap(VersionEntry::ref)).contains("aws-1");
    assertThat(read).isEqualTo(envelope);
    assertThat(read.toJson()).isEqualTo(envelope.toJson());
  }

  @Test
  void unknownFields_ofANewerWriter_surviveAReadAndAWrite() throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(envelope().toJson());
    node.put("format", 2);
    node.putObject("rotation").put("every", "P30D");
    ((ObjectNode) node.get("metadata")).put("labels", "team=sales");

    SecretEnvelope read = SecretEnvelope.fromJson(node.toString());
    SecretEnvelope rewritten = read.with(read.metadata().withGrants(List.of()), read.history());

    JsonNode written = JSON.readTree(rewritten.toJson());
    assertThat(written.path("rotation").path("every").asText()).isEqualTo("P30D");
    assertThat(written.path("metadata").path("labels").asText()).isEqualTo("team=sales");
    assertThat(written.path("metadata").path("grants")).isEmpty();
    assertThat(written.path("format").asInt()).as("a writer says which format it wrote").isEqualTo(1);
  }

  @Test
  void historyAfter_appendsMovesTheCurrentRefAndKeepsTheNewest() {
    SecretEnvelope envelope = envelope();
    VersionEntry third = VersionEntry.of(new SecretVersion(3, T0.plusSeconds(9), "carol"), "aws-3");

    List<VersionEntry> all = envelope.historyAfter(third, "aws-2", 0);
    List<VersionEntry> two = envelope.historyAfter(third, null, 2);

    assertThat(all).extracting(e -> e.version().number()).containsExactly(1L, 2L, 3L);
    assertThat(all.get(1).ref()).contains("aws-2");
    assertThat(two).extracting(e -> e.version().number()).containsExactly(2L, 3L);
    assertThat(two.get(0).ref()).isEmpty();
  }

  @Test
  void history_mustBeNonEmptyAndIncreasing() {
    assertThatThrownBy(() -> SecretEnvelope.of(metadata(), List.of())).isInstanceOf(IllegalArgumentException.class);
    VersionEntry one = VersionEntry.of(new SecretVersion(1, T0, "a"), null);
    assertThatThrownBy(() -> SecretEnvelope.of(metadata(), List.of(one, one)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "not json canary-1", "[]", "{}", "{\"format\":1}", "{\"format\":0,\"metadata\":{},\"history\":[]}",
      "{\"format\":1,\"metadata\":{\"kind\":\"canary-2\"},\"history\":[]}",
      "{\"format\":1,\"metadata\":{\"kind\":\"s\",\"manifestVersion\":\"v1\",\"secretType\":\"t\",\"owner\":\"o\","
          + "\"tags\":[],\"grants\":[{\"principal\":\"p\",\"permission\":\"canary-3\"}],\"dependents\":[],"
          + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"createdBy\":\"o\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
          + "\"updatedBy\":\"o\",\"fileNames\":{}},\"history\":[]}"})
  void malformed_isRefusedWithoutQuotingTheText(String text) {
    assertThatThrownBy(() -> SecretEnvelope.fromJson(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the envelope").hasMessageNotContaining("canary");
  }
}
