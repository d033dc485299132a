package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.emulator.support.ManualClock;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Namespaces: X-Vault-Namespace (or a path prefix) selects one, each with its own mounts, data, policies and roles. */
class NamespaceTest {
  private VaultEmulator vault;
  private Raw root;

  @BeforeEach
  void start() {
    vault = new VaultEmulator(new ManualClock()).start();
    vault.mountKv("team-a", "secret");
    root = new Raw(vault, vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void driverWithANamespace_writesThere_andTheRootsMountOfTheSameNameIsSeparate() throws VaultException {
    Vault teamA = Clients.driver(vault, vault.rootToken(), "team-a");
    Vault rootNamespace = Clients.driver(vault, vault.rootToken());

    teamA.logical().write("secret/app", Map.of("v", "team-a"));
    rootNamespace.logical().write("secret/app", Map.of("v", "root"));

    assertThat(teamA.logical().read("secret/app").getData()).containsEntry("v", "team-a");
    assertThat(rootNamespace.logical().read("secret/app").getData()).containsEntry("v", "root");
    assertThat(teamA.logical().list("secret").getListData()).containsExactly("app");
  }

  @Test
  void namespace_asAPathPrefix_orAHeaderInAnySpelling_isTheSameNamespace() {
    root.inNamespace("team-a").post("secret/data/app", "{\"data\":{\"v\":\"1\"}}");

    assertThat(root.get("team-a/secret/data/app").status()).isEqualTo(200);
    assertThat(root.inNamespace("/team-a/").get("secret/data/app").status()).isEqualTo(200);
    assertThat(root.inNamespace("root").get("team-a/secret/data/app").status()).isEqualTo(200);
    assertThat(root.get("secret/data/app").status()).isEqualTo(404);
  }

  @Test
  void unknownNamespace_is404NamespaceNotFound_evenWithoutAToken() {
    assertThat(root.inNamespace("team-b").get("secret/data/app").errors()).isEqualTo("[\"namespace not found\"]");
    assertThat(root.withToken(null).inNamespace("team-b").get("secret/data/app").status()).isEqualTo(404);
    assertThat(root.inNamespace("bad//name").get("secret/data/app").status()).isEqualTo(404);
  }

  @Test
  void nestedNamespace_resolvesTheLongestPrefix() {
    vault.mountKv("team-a/child", "kv");
    root.inNamespace("team-a/child").post("kv/data/app", "{\"data\":{}}");

    assertThat(root.inNamespace("team-a").get("child/kv/data/app").status()).isEqualTo(200);
    assertThat(root.get("team-a/child/kv/data/app").status()).isEqualTo(200);
    assertThat(root.inNamespace("team-a").get("kv/data/app").errors())
        .isEqualTo("[\"no handler for route \\\"kv/data/app\\\". route entry not found.\"]");
  }

  @Test
  void tokenOfANamespace_usesItsPolicies_andIsRefusedOutsideIt() {
    vault.policy("team-a", "reader", "path \"secret/data/*\" { capabilities = [\"read\"] }");
    String token = vault.createToken(TokenSpec.of("reader").inNamespace("team-a"));
    root.inNamespace("team-a").post("secret/data/app", "{\"data\":{}}");
    root.post("secret/data/app", "{\"data\":{}}");

    assertThat(root.withToken(token).inNamespace("team-a").get("secret/data/app").status()).isEqualTo(200);
    assertThat(root.withToken(token).get("secret/data/app").status()).isEqualTo(403);
  }

  @Test
  void revokeSelf_ofANamespacesToken_needsItsNamespace_elseItIsRefusedAndStaysValid() {
    String token = vault.createToken(TokenSpec.of().inNamespace("team-a"));
    Raw asToken = root.withToken(token);

    Raw.Response outside = asToken.post("auth/token/revoke-self", null);
    int validAfterRefusal = vault.serviceTokens("team-a");
    Raw.Response inside = asToken.inNamespace("team-a").post("auth/token/revoke-self", null);

    assertThat(outside.status()).isEqualTo(403);
    assertThat(validAfterRefusal).isEqualTo(1);
    assertThat(inside.status()).isEqualTo(204);
    assertThat(vault.serviceTokens("team-a")).isZero();
    assertThat(asToken.inNamespace("team-a").get("auth/token/lookup-self").errors())
        .isEqualTo("[\"permission denied\",\"invalid token\"]");
  }

  @Test
  void rootNamespaceToken_reachesAChildNamespace_throughPoliciesOnItsPrefixedPaths() {
    vault.policy("team-a-reader", "path \"team-a/secret/data/*\" { capabilities = [\"read\"] }");
    Raw token = root.withToken(vault.createToken(TokenSpec.of("team-a-reader")));
    root.inNamespace("team-a").post("secret/data/app", "{\"data\":{}}");
    root.post("secret/data/app", "{\"data\":{}}");

    assertThat(token.inNamespace("team-a").get("secret/data/app").status()).isEqualTo(200);
    assertThat(token.get("secret/data/app").status()).isEqualTo(403);
  }

  @Test
  void appRoleInANamespace_logsInThere_andItsTokenWorksThere() throws VaultException {
    vault.policy("team-a", "writer", "path \"secret/data/*\" { capabilities = [\"create\", \"read\"] }");
    AppRoleCredentials credentials = vault.appRole("app", TokenSpec.of("writer").inNamespace("team-a"));

    AuthResponse login = Clients.driver(vault, null, "team-a").auth().loginByAppRole(credentials.roleId(),
        credentials.secretId());
    Vault asApp = Clients.driver(vault, login.getAuthClientToken(), "team-a");
    asApp.logical().write("secret/app", Map.of("v", "1"));

    assertThat(asApp.logical().read("secret/app").getData()).containsEntry("v", "1");
    assertThat(root.withToken(null).post("auth/approle/login", "{\"role_id\":\"" + credentials.roleId()
        + "\",\"secret_id\":\"" + credentials.secretId() + "\"}").status())
        .as("the root namespace has no AppRole mount").isEqualTo(403);
  }

  @Test
  void mounts_ofANamespace_listOnlyItsOwn() {
    vault.mountKv("team-a", "kv");

    assertThat(root.inNamespace("team-a").get("sys/mounts").json().get("data").fieldNames()).toIterable()
        .containsExactly("cubbyhole/", "identity/", "kv/", "secret/", "sys/");
    assertThat(root.get("sys/mounts").json().get("secret/").get("options").get("version").asText())
        .as("sys/ reads also carry their data at the top level").isEqualTo("2");
  }

  @Test
  void mountKv_refusesReservedOverlappingAndMalformedPaths() {
    assertThatThrownBy(() -> vault.mountKv("secret")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlaps the existing mount 'secret/'");
    assertThatThrownBy(() -> vault.mountKv("secret/inner")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vault.mountKv("sys/kv")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> vault.mountKv("/")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a mount path must not be empty");
    assertThatThrownBy(() -> vault.mountKv("a//b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a mount path: 'a//b'");
    assertThatThrownBy(() -> vault.mountKv("x/../y", "kv")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a namespace path");
  }
}
