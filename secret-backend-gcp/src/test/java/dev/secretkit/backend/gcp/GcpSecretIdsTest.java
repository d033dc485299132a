package dev.secretkit.backend.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.SecretId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GCP id of a secret round-trips and never collides. The encoding maps the scope as it is and each character of
 * the name on its own, so it is checked over: every legal scope and every legal name of up to three characters from
 * their whole alphabets; every pair of a scope and a name built from the characters that could confuse it (digits,
 * {@code -}, {@code _}, {@code .}, and {@code d} beside its stand-in {@code D}), up to lengths 3 and 5; random ids up
 * to the longest; and arbitrary GCP ids, which decode only to the one secret that encodes to them.
 */
class GcpSecretIdsTest {
  private static final Pattern GCP_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final String SCOPE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-";
  private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
  private static final String GCP_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

  @ParameterizedTest
  @ValueSource(strings = {"", "secretkit-", "sk_", "A-Zb_9", "Dd_"})
  void everyShortScopeAndNameRoundTrips(String prefix) {
    List<String> scopes = legal(SCOPE_CHARS, 3, true);
    List<String> names = legal(NAME_CHARS, 3, false);
    scopes.add("s".repeat(SecretId.MAX_SCOPE_LENGTH));
    names.add("n".repeat(29) + ".-_" + "a".repeat(27));
    for (String scope : scopes) {
      roundTrip(prefix, SecretId.of(scope, "db.primary_1"));
    }
    for (String name : names) {
      roundTrip(prefix, SecretId.of("a-b0", name));
    }
    assertThat(scopes.size() + names.size()).as("ids checked").isGreaterThan(40_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secretkit-", "Dd_"})
  void noTwoIdsShareAGcpId(String prefix) {
    Map<String, SecretId> seen = new HashMap<>();
    for (String scope : legal("ad0-", 3, true)) {
      for (String name : legal("ad0-_.", 5, false)) {
        SecretId id = SecretId.of(scope, name);
        String gcpId = roundTrip(prefix, id);
        SecretId before = seen.put(gcpId, id);
        if (before != null) {
          assertThat(before).as("%s and %s share the GCP id %s", before, id, gcpId).isNull();
        }
      }
    }
    assertThat(seen).as("distinct ids checked").hasSizeGreaterThan(40_000);
  }

  @Test
  void randomIdsUpToTheLongestRoundTrip() {
    Random random = new Random(13);
    for (int i = 0; i < 50_000; i++) {
      String scope = random(random, SCOPE_CHARS, 1 + random.nextInt(SecretId.MAX_SCOPE_LENGTH));
      String name = random(random, NAME_CHARS, 1 + random.nextInt(SecretId.MAX_NAME_LENGTH));
      if (SecretId.isScope(scope) && SecretId.isName(name)) {
        roundTrip("secretkit-", SecretId.of(scope, name));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secretkit-", "pD_"})
  void anyGcpIdDecodesOnlyToTheSecretThatEncodesToIt(String prefix) {
    Random random = new Random(42);
    int decoded = 0;
    for (int i = 0; i < 100_000; i++) {
      String gcpId = prefix + random(random, GCP_CHARS, 1 + random.nextInt(10));
      Optional<SecretId> id = GcpSecretIds.decode(prefix, gcpId);
      if (id.isPresent()) {
        if (!GcpSecretIds.encode(prefix, id.get()).equals(gcpId)) {
          assertThat(GcpSecretIds.encode(prefix, id.get())).as("%s decoded to %s", gcpId, id.get()).isEqualTo(gcpId);
        }
        decoded++;
      }
    }
    assertThat(decoded).as("random ids that happen to be SecretKit's").isPositive();
    assertThat(GcpSecretIds.decode(prefix, prefix + "db_pgDprimary")).contains(SecretId.of("db", "pg.primary"));
    assertThat(GcpSecretIds.decode(prefix, prefix + "db_PG")).as("upper-case letters other than D").isEmpty();
    assertThat(GcpSecretIds.decode(prefix, prefix + "db_pgD")).as("a name cannot end in a dot").isEmpty();
    assertThat(GcpSecretIds.decode(prefix, prefix + "dbpg")).as("no separator").isEmpty();
    assertThat(GcpSecretIds.decode(prefix, prefix + "_pg")).as("no scope").isEmpty();
  }

  @Test
  void anIdUnderAnotherPrefixIsNotOurs() {
    assertThat(GcpSecretIds.decode("secretkit-", "other-db_pg")).isEmpty();
    assertThat(GcpSecretIds.decode("secretkit-", "secretkit-db_pg")).contains(SecretId.of("db", "pg"));
  }

  @Test
  void prefixesAreGcpCharactersUpToTheLongestThatLeavesRoomForEveryId() {
    String longest = "p".repeat(GcpSecretIds.MAX_PREFIX);
    assertThat(GcpSecretIds.validPrefix(longest)).isTrue();
    assertThat(GcpSecretIds.validPrefix(longest + "p")).isFalse();
    assertThat(GcpSecretIds.validPrefix("a.b")).isFalse();
    assertThat(GcpSecretIds.validPrefix("sk/")).isFalse();
    assertThat(GcpSecretIds.validPrefix("")).isTrue();
    String gcpId = GcpSecretIds.encode(longest, SecretId.of("s".repeat(SecretId.MAX_SCOPE_LENGTH),
        "n".repeat(SecretId.MAX_NAME_LENGTH)));
    assertThat(gcpId).hasSize(GcpSecretIds.MAX_ID).matches(GCP_ID);
  }

  /** Returns the GCP id of {@code id}, after checking (cheaply: this runs a million times) that it round-trips. */
  private static String roundTrip(String prefix, SecretId id) {
    String gcpId = GcpSecretIds.encode(prefix, id);
    if (!GCP_ID.matcher(gcpId).matches() || !GcpSecretIds.decode(prefix, gcpId).equals(Optional.of(id))) {
      assertThat(GcpSecretIds.decode(prefix, gcpId)).as("GCP id %s of %s, decoded", gcpId, id).contains(id);
      assertThat(gcpId).matches(GCP_ID);
    }
    return gcpId;
  }

  /** Returns every legal scope (or name) of up to {@code max} characters from {@code chars}. */
  private static List<String> legal(String chars, int max, boolean scope) {
    List<String> all = new ArrayList<>();
    List<String> level = List.of("");
    for (int length = 1; length <= max; length++) {
      List<String> next = new ArrayList<>();
      for (String head : level) {
        for (char c : chars.toCharArray()) {
          next.add(head + c);
        }
      }
      level = next;
      next.stream().filter(candidate -> scope ? SecretId.isScope(candidate) : SecretId.isName(candidate))
          .forEach(all::add);
    }
    return all;
  }

  private static String random(Random random, String chars, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(chars.charAt(random.nextInt(chars.length())));
    }
    return text.toString();
  }
}
