package dev.secretkit.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.SecretMetadata;
import dev.secretkit.SecretVersion;
import dev.secretkit.access.Grant;
import dev.secretkit.access.Permission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTagsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final List<SecretVersion> ONE = List.of(new SecretVersion(1, T0, "olivia"));

  private static SecretMetadata metadata(List<Grant> grants) {
    return new SecretMetadata("secret", "v1", "key-value-properties", "r", "olivia", List.of("source:postgresql",
        "team {sales}"), "the \"sales\" database", "user", grants, List.of("depot:v2alpha:sales"), T0, "olivia",
        T0.plusSeconds(5), "bob", Map.of("ca", "ca.pem"));
  }

  @Test
  void encodeThenDecode_givesEverythingBack_inTagsAwsAccepts() {
    SecretMetadata metadata = metadata(List.of(new Grant("olivia", Permission.CAN_EDIT),
        new Grant("carol", Permission.CAN_USE)));

    List<SecretVersion> history = List.of(new SecretVersion(6, T0, "olivia"), new SecretVersion(7, T0.plusSeconds(1),
        null));

    Map<String, String> tags = MetadataTags.encode(metadata, List.of("username", "password"), history, "aws-v7",
        "rev-1", 3);
    MetadataTags.Decoded decoded = MetadataTags.decode(tags);

    assertThat(decoded.metadata()).isEqualTo(metadata);
    assertThat(decoded.keys()).containsExactly("username", "password");
    assertThat(decoded.history()).isEqualTo(history);
    assertThat(decoded.version()).isEqualTo(7);
    assertThat(decoded.forVersion()).isEqualTo("aws-v7");
    assertThat(decoded.revision()).isEqualTo("rev-1");
    assertThat(tags).allSatisfy((key, value) -> {
      assertThat(key).startsWith(MetadataTags.PREFIX).hasSizeLessThanOrEqualTo(128);
      assertThat(value).hasSizeLessThanOrEqualTo(256).matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    });
  }

  @Test
  void manyGrants_spanSeveralTags_andTheFiftyTagLimitIsAClearError() {
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      grants.add(new Grant("principal-number-" + i, Permission.CAN_USE));
    }
    Map<String, String> tags = MetadataTags.encode(metadata(grants), List.of("k"), ONE, "v", "rev", 0);
    assertThat(tags.size()).isGreaterThan(5);
    assertThat(MetadataTags.decode(tags).metadata().grants()).hasSize(40);

    for (int i = 40; i < 600; i++) {
      grants.add(new Grant("principal-number-" + i, Permission.CAN_USE));
    }
    assertThatThrownBy(() -> MetadataTags.encode(metadata(grants), List.of("k"), ONE, "v", "rev", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS allows 50");
  }

  @Test
  void decode_saysWhatIsMissingOrDamaged() {
    Map<String, String> tags = new LinkedHashMap<>(MetadataTags.encode(metadata(List.of()), List.of("k"), ONE, "v", "r", 0));

    assertThatThrownBy(() -> MetadataTags.decode(Map.of("owner", "x")))
        .hasMessageContaining("carries no SecretKit metadata tags");
    tags.put("secretkit:meta:0", "AAAA" + tags.get("secretkit:meta:0").substring(4));
    assertThatThrownBy(() -> MetadataTags.decode(tags)).hasMessageContaining("damaged");
    Map<String, String> longer = new LinkedHashMap<>(MetadataTags.encode(metadata(List.of()), List.of("k"), ONE, "v",
        "r", 0));
    longer.put("secretkit:meta:9", "left over from a longer document");
    assertThat(MetadataTags.decode(longer).revision()).isEqualTo("r");
    longer.remove("secretkit:meta:0");
    assertThatThrownBy(() -> MetadataTags.decode(longer)).hasMessageContaining("incomplete");
  }
}
