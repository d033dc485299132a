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
  void first_isVersionOneMadeWhenAndByWhomTheMetadataWasLastUpdated() {
    SecretEnvelope first = SecretEnvelope.first(metadata(), "aws-1");

    assertThat(first.metadata()).isEqualTo(metadata());
    assertThat(first.history()).containsExactly(VersionEntry.of(new SecretVersion(1, T0.plusSeconds(5), "bob"),
        "aws-1"));
  }

  @Test
  void afterValues_appendsTheNextVersionAndKeepsTheNewest() {
    SecretMetadata next = metadata().touchedBy("carol", T0.plusSeconds(9));

    SecretEnvelope all = envelope().afterValues(next, "aws-3", 0);
    SecretEnvelope two = envelope().afterValues(next, "aws-3", 2);

    assertThat(all.metadata()).isEqualTo(next);
    assertThat(all.history()).containsExactly(envelope().history().get(0), envelope().history().get(1),
        VersionEntry.of(new SecretVersion(3, T0.plusSeconds(9), "carol"), "aws-3"));
    assertThat(two.history()).extracting(e -> e.version().number()).containsExactly(2L, 3L);
  }

  @Test
  void afterMetadata_keepsTheVersionsAndMovesTheCurrentOneToTheNewPlace() {
    SecretMetadata regranted = metadata().withGrants(List.of());

    SecretEnvelope moved = envelope().afterMetadata(regranted, "aws-2b");

    assertThat(moved.metadata()).isEqualTo(regranted);
    assertThat(moved.versions()).isEqualTo(envelope().versions());
    assertThat(moved.history().get(0)).isEqualTo(envelope().history().get(0));
    assertThat(moved.current().ref()).contains("aws-2b");
  }

  @Test
  void afterAWrite_fieldsOfANewerWriterSurvive() throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(envelope().toJson());
    node.putObject("rotation").put("every", "P30D");
    SecretEnvelope read = SecretEnvelope.fromJson(node.toString());

    JsonNode values = JSON.readTree(read.afterValues(metadata(), "aws-3", 0).toJson());
    JsonNode metadataOnly = JSON.readTree(read.afterMetadata(metadata(), "aws-2b").toJson());

    assertThat(values.path("rotation").path("every").asText()).isEqualTo("P30D");
    assertThat(metadataOnly.path("rotation").path("every").asText()).isEqualTo("P30D");
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
