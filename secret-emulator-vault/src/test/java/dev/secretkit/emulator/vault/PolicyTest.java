package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.emulator.support.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ACL policies: 403 per path and capability as Vault's ACL decides, and the policy text the emulator reads. */
class PolicyTest {
  private VaultEmulator vault;
  private Raw root;

  @BeforeEach
  void start() {
    vault = new VaultEmulator(new ManualClock()).start();
    root = new Raw(vault, vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  /** Returns requests with a token that has only {@code hcl} (and default). */
  private Raw withPolicy(String hcl) {
    vault.policy("under-test", hcl);
    return root.withToken(vault.createToken(TokenSpec.of("under-test")));
  }

  private static String path(String pattern, String... capabilities) {
    return "path \"" + pattern + "\" { capabilities = [\"" + String.join("\", \"", capabilities) + "\"] }\n";
  }

  @Test
  void createWithoutUpdate_writesANewKeyOnce_butCannotWriteItAgain() {
    Raw token = withPolicy(path("secret/data/*", "create"));

    assertThat(token.post("secret/data/app", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(token.post("secret/data/app", "{\"data\":{}}").errors()).isEqualTo("[\"permission denied\"]");
    root.post("secret/metadata/settings-only", "{\"max_versions\":2}");
    assertThat(token.post("secret/data/settings-only", "{\"data\":{}}").status())
        .as("a key with metadata exists: its first version is an update").isEqualTo(403);
  }

  @Test
  void updateWithoutCreate_writesOnlyExistingKeys() {
    root.post("secret/data/app", "{\"data\":{}}");
    Raw token = withPolicy(path("secret/data/*", "update") + path("secret/metadata/*", "update"));

    assertThat(token.post("secret/data/app", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(token.post("secret/data/new", "{\"data\":{}}").status()).isEqualTo(403);
    assertThat(token.post("secret/metadata/app", "{\"max_versions\":3}").status()).isEqualTo(204);
    assertThat(token.post("secret/metadata/new", "{\"max_versions\":3}").status()).isEqualTo(403);
  }

  @Test
  void eachOperation_needsItsCapabilityOnItsPath() {
    root.post("secret/data/app", "{\"data\":{}}");
    Raw reader = withPolicy(path("secret/data/app", "read"));

    assertThat(reader.get("secret/data/app").status()).isEqualTo(200);
    assertThat(reader.delete("secret/data/app").status()).isEqualTo(403);
    assertThat(reader.get("secret/metadata/app").status()).isEqualTo(403);
    assertThat(reader.list("secret/metadata").status()).isEqualTo(403);
    assertThat(reader.post("secret/delete/app", "{\"versions\":[1]}").status()).isEqualTo(403);
    assertThat(reader.get("secret/config").status()).isEqualTo(403);
    assertThat(reader.get("sys/mounts").status()).isEqualTo(403);

    Raw operator = withPolicy(path("secret/delete/*", "update") + path("secret/undelete/*", "update")
        + path("secret/destroy/*", "update") + path("secret/metadata/", "list") + path("secret/metadata/*", "delete")
        + path("sys/mounts", "read"));
    assertThat(operator.post("secret/delete/app", "{\"versions\":[1]}").status()).isEqualTo(204);
    assertThat(operator.post("secret/undelete/app", "{\"versions\":[1]}").status()).isEqualTo(204);
    assertThat(operator.post("secret/destroy/app", "{\"versions\":[1]}").status()).isEqualTo(204);
    assertThat(operator.list("secret/metadata").status()).isEqualTo(200);
    assertThat(operator.get("sys/mounts").status()).isEqualTo(200);
    assertThat(operator.delete("secret/metadata/app").status()).isEqualTo(204);
  }

  @Test
  void list_isCheckedOnTheFolderPathWithItsTrailingSlash() {
    root.post("secret/data/team/app", "{\"data\":{}}");
    Raw lister = withPolicy(path("secret/metadata/team/", "list"));

    assertThat(lister.list("secret/metadata/team").status()).isEqualTo(200);
    assertThat(lister.get("secret/metadata/team?list=true").status()).isEqualTo(200);
    assertThat(lister.list("secret/metadata").status()).isEqualTo(403);
  }

  @Test
  void plusSegment_matchesExactlyOneSegment() {
    Raw token = withPolicy(path("secret/data/+/db", "create", "update"));

    assertThat(token.post("secret/data/team-a/db", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(token.post("secret/data/team-a/x/db", "{\"data\":{}}").status()).isEqualTo(403);
    assertThat(token.post("secret/data/team-a/api", "{\"data\":{}}").status()).isEqualTo(403);
  }

  @Test
  void globAtTheEnd_matchesAnyRest_evenWithinASegment() {
    Raw token = withPolicy(path("secret/data/team-*", "create"));

    assertThat(token.post("secret/data/team-a", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(token.post("secret/data/team-b/deep/key", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(token.post("secret/data/other", "{\"data\":{}}").status()).isEqualTo(403);
  }

  @Test
  void theMostSpecificPattern_governsAPath() {
    root.post("secret/data/private/ok", "{\"data\":{}}");
    root.post("secret/data/private/no", "{\"data\":{}}");
    root.post("secret/data/public", "{\"data\":{}}");
    Raw token = withPolicy(path("secret/data/*", "read") + path("secret/data/private/*", "deny")
        + path("secret/data/private/ok", "read"));

    assertThat(token.get("secret/data/public").status()).isEqualTo(200);
    assertThat(token.get("secret/data/private/no").status()).isEqualTo(403);
    assertThat(token.get("secret/data/private/ok").status()).isEqualTo(200);
  }

  @Test
  void samePatternInTwoPolicies_addsUp_andDenyTakesAll() {
    root.post("secret/data/app", "{\"data\":{}}");
    vault.policy("reads", path("secret/data/app", "read"));
    vault.policy("writes", path("secret/data/app", "update"));
    vault.policy("denies", path("secret/data/app", "deny"));
    Raw both = root.withToken(vault.createToken(TokenSpec.of("reads", "writes", "unknown-policy")));
    Raw denied = root.withToken(vault.createToken(TokenSpec.of("reads", "writes", "denies")));

    assertThat(both.get("secret/data/app").status()).isEqualTo(200);
    assertThat(both.post("secret/data/app", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(denied.get("secret/data/app").status()).isEqualTo(403);
  }

  @Test
  void defaultPolicy_letsATokenLookUpAndRenewItself_andCanBeReplaced() {
    Raw token = root.withToken(vault.createToken(TokenSpec.of()));

    assertThat(token.get("auth/token/lookup-self").status()).isEqualTo(200);
    assertThat(token.post("auth/token/renew-self", "{}").status()).isEqualTo(200);
    vault.policy("default", path("secret/data/*", "read"));
    assertThat(token.get("auth/token/lookup-self").status()).isEqualTo(403);
  }

  @Test
  void unknownPath_isDeniedForATokenWithoutAccess_butNotFoundForRoot() {
    Raw token = withPolicy(path("secret/data/*", "read"));

    assertThat(token.get("nomount/x").status()).isEqualTo(403);
    assertThat(root.get("nomount/x").status()).isEqualTo(404);
  }

  @Test
  void rootPolicyToken_mayDoAnything_andTheRootPolicyCannotBeChanged() {
    Raw token = root.withToken(vault.createToken(TokenSpec.of("root")));

    assertThat(token.post("secret/data/app", "{\"data\":{}}").status()).isEqualTo(200);
    assertThat(token.get("sys/mounts").status()).isEqualTo(200);
    assertThatThrownBy(() -> vault.policy("root", path("*", "read"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot update the root policy");
  }

  // ---- the policy text ------------------------------------------------------------------------

  @Test
  void parse_readsHclWithCommentsShorthandsAndOptionalEquals() {
    Policy policy = Policy.parse("p", """
        # a comment
        path "/secret/data/a" {   // another
          capabilities = ["read", "list",]
        }
        /* a block
           comment */
        path "secret/data/b" = {
          policy = "write"
        }
        path "secret/data/c" { capabilities = ["read"], }
        path "secret/data/\\"q\\"" { capabilities = [] }
        """);

    assertThat(policy.name()).isEqualTo("p");
    assertThat(policy.rules()).extracting(Policy.Rule::pattern)
        .containsExactly("secret/data/a", "secret/data/b", "secret/data/c", "secret/data/\"q\"");
    assertThat(policy.rules().get(0).capabilities()).containsExactlyInAnyOrder("read", "list");
    assertThat(policy.rules().get(1).capabilities())
        .containsExactlyInAnyOrder("create", "read", "update", "delete", "list", "patch");
  }

  @Test
  void parse_readsJsonPolicies() {
    Policy policy = Policy.parse("p", "{\"path\":{\"secret/data/a\":{\"capabilities\":[\"read\"]},"
        + "\"secret/data/b\":{\"policy\":\"deny\"}}}");

    assertThat(policy.rules()).containsExactly(new Policy.Rule("secret/data/a", Set.of("read")),
        new Policy.Rule("secret/data/b", Set.of("deny")));
  }

  @Test
  void parse_refusesWhatItCannotEnforceOrRead_sayingWhere() {
    assertThatThrownBy(() -> Policy.parse("p", path("secret/*", "read", "fly")))
        .hasMessage("policy 'p', path \"secret/*\": invalid capability \"fly\"; expected some of [create, delete, "
            + "deny, list, patch, read, recover, subscribe, sudo, update]");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a\" { allowed_parameters = { \"x\" = [] } }"))
        .hasMessage("policy 'p', path \"a\": 'allowed_parameters' is not emulated; the emulator enforces "
            + "capabilities only");
    assertThatThrownBy(() -> Policy.parse("p", "\n\npath \"a\" capabilities"))
        .hasMessageStartingWith("policy 'p', line 3: expected '{', found 'capabilities'");
    assertThatThrownBy(() -> Policy.parse("p", "paths \"a\" {}"))
        .hasMessageContaining("expected 'path', found 'paths'");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a")).hasMessageContaining("a string is not closed");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a\" { capabilities = [read] }"))
        .hasMessageContaining("expected a quoted string, found 'read'");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a\" { = }")).hasMessageContaining("expected a setting or '}'");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a\" { policy = \"all\" }"))
        .hasMessageContaining("invalid policy \"all\"; expected deny, read, write or sudo");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a\" { capabilities = [\"read\"] ;")).hasMessageContaining(
        "unexpected character ';'");
    assertThatThrownBy(() -> Policy.parse("p", "path \"a\" {")).hasMessageContaining("found the end");
    assertThatThrownBy(() -> Policy.parse("p", "{\"path\": ")).hasMessageStartingWith("policy 'p' is not valid JSON");
    assertThatThrownBy(() -> Policy.parse("p", "{\"name\": \"x\"}")).hasMessageContaining("'name' is not emulated");
    assertThatThrownBy(() -> Policy.parse("p", "{\"path\":{\"a\":{\"max_wrapping_ttl\":\"1h\"}}}"))
        .hasMessageContaining("'max_wrapping_ttl' is not emulated");
    assertThatThrownBy(() -> vault.policy("bad", "path")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- matching and priority ------------------------------------------------------------------

  @Test
  void matches_followsVaultsGlobs() {
    assertThat(Acl.matches("secret/data/app", "secret/data/app")).isTrue();
    assertThat(Acl.matches("secret/data/app", "secret/data/app2")).isFalse();
    assertThat(Acl.matches("secret/*", "secret/a/b")).isTrue();
    assertThat(Acl.matches("secret/*", "secret")).isFalse();
    assertThat(Acl.matches("secret*", "secrets/x")).isTrue();
    assertThat(Acl.matches("secret/+/x", "secret/a/x")).isTrue();
    assertThat(Acl.matches("secret/+/x", "secret/a/b/x")).isFalse();
    assertThat(Acl.matches("secret/+/*", "secret/a/b/c")).isTrue();
    assertThat(Acl.matches("secret/+/*", "secret/a")).isFalse();
  }

  @Test
  void compare_ordersPatternsByVaultsPriorityRules() {
    List<String> byPriority = new ArrayList<>(List.of("secret/*", "secret/+/x", "secret/data/*",
        "secret/data/app", "secret/data/a*", "secret/data/+/+", "secret/data/+/b", "secret/data/z*"));

    byPriority.sort(Acl::compare);

    assertThat(byPriority).as("from the least to the most specific").containsExactly("secret/*", "secret/+/x",
        "secret/data/*", "secret/data/+/+", "secret/data/+/b", "secret/data/a*", "secret/data/z*", "secret/data/app");
  }
}
