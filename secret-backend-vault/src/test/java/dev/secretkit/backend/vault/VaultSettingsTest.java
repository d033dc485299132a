package dev.secretkit.backend.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.emulator.support.ManualClock;
import dev.secretkit.spi.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a vault store URI and its environment are read, without any call to Vault. */
class VaultSettingsTest {

  private static List<String> problems(String uri, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    VaultSettings.parse(StoreConfig.parse(uri, environment, new ManualClock()), problems);
    return problems;
  }

  private static VaultSettings settings(String uri, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    VaultSettings settings = VaultSettings.parse(StoreConfig.parse(uri, environment, new ManualClock()), problems);
    assertThat(problems).isEmpty();
    return settings;
  }

  @Test
  void hostAndMount_speakHttpsOnPort8200_withTheDefaults() {
    VaultSettings settings = settings("vault://vault.internal/secret", Map.of());

    assertThat(settings.address()).isEqualTo(URI.create("https://vault.internal:8200"));
    assertThat(settings.addressSource()).isEqualTo("the store URI");
    assertThat(settings.mount()).isEqualTo("secret");
    assertThat(settings.prefix()).isEqualTo("secretkit");
    assertThat(settings.namespace()).isNull();
    assertThat(settings.auth().method()).isEqualTo(VaultSettings.AuthMethod.TOKEN);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.maxAttempts()).isEqualTo(3);
    assertThat(settings.retryDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.versionsRetained()).isEqualTo(10);
    assertThat(settings.limits()).isEqualTo(VaultSecretStoreProvider.DEFAULT_LIMITS);
    assertThat(settings.plaintext()).isFalse();
  }

  @Test
  void nestedMountPrefixAndNamespace_areNormalized() {
    VaultSettings settings = settings("vault://vault.internal:8300/team/kv/?prefix=/apps/sk/&namespace=/eng/data/",
        Map.of("VAULT_NAMESPACE", "ignored"));

    assertThat(settings.address()).isEqualTo(URI.create("https://vault.internal:8300"));
    assertThat(settings.mount()).isEqualTo("team/kv");
    assertThat(settings.mountDepth()).isEqualTo(2);
    assertThat(settings.prefix()).isEqualTo("apps/sk");
    assertThat(settings.namespace()).isEqualTo("eng/data/");
    assertThat(settings.describeAddress()).isEqualTo("https://vault.internal:8300 (namespace eng/data/)");
  }

  @Test
  void vaultNamespace_isTheDefaultNamespace() {
    assertThat(settings("vault://h/secret", Map.of("VAULT_NAMESPACE", "team-a")).namespace()).isEqualTo("team-a/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8200", "127.1.2.3", "localhost:1234", "[::1]:8200"})
  void tlsFalse_toALoopbackAddress_speaksPlainHttp(String authority) {
    VaultSettings settings = settings("vault://" + authority + "/secret?tls=false", Map.of());

    assertThat(settings.plaintext()).isTrue();
    assertThat(settings.address().getScheme()).isEqualTo("http");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vault.internal", "10.0.0.8", "128.0.0.1", "localhost.evil.example"})
  void tlsFalse_toAnyOtherHost_isRefused(String host) {
    assertThat(problems("vault://" + host + ":8200/secret?tls=false", Map.of())).singleElement().asString()
        .contains("tls=false would send the token and the secrets unencrypted to " + host)
        .contains("only to a loopback address").contains("remove tls=false");
  }

  @Test
  void noHost_takesVaultAddr_withItsScheme() {
    VaultSettings https = settings("vault:///secret", Map.of("VAULT_ADDR", "https://vault.internal"));
    VaultSettings local = settings("vault:///secret", Map.of("VAULT_ADDR", "http://127.0.0.1:8200/"));

    assertThat(https.address()).isEqualTo(URI.create("https://vault.internal:443"));
    assertThat(https.addressSource()).isEqualTo("VAULT_ADDR");
    assertThat(local.address()).isEqualTo(URI.create("http://127.0.0.1:8200"));
  }

  @Test
  void vaultAddr_missingPlainToARemoteHostWithUserInfoOrWithTls_isRefused() {
    assertThat(problems("vault:///secret", Map.of())).singleElement().asString()
        .contains("names no host and VAULT_ADDR is not set");
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "http://vault.internal:8200"))).singleElement()
        .asString().contains("VAULT_ADDR is plain http:// to vault.internal").contains("use https://");
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "https://user:fake-password@vault.internal")))
        .singleElement().asString().contains("user information").doesNotContain("fake-password");
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "ftp://vault.internal"))).singleElement().asString()
        .contains("VAULT_ADDR must be an address such as https://");
    assertThat(problems("vault:///secret?tls=false", Map.of("VAULT_ADDR", "http://127.0.0.1:8200")))
        .singleElement().asString().contains("its scheme (http:// or https://) decides");
  }

  @Test
  void userInfoInTheUri_isRefused_withoutEchoingIt() {
    List<String> problems = problems("vault://admin:fake-password@vault.internal/secret", Map.of());

    assertThat(problems).singleElement().asString().contains("credentials never go in the URI")
        .doesNotContain("fake-password");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "token|set VAULT_TOKEN, or log in with 'vault login'",
      "vaultToken|set VAULT_TOKEN",
      "roleId|set VAULT_ROLE_ID or VAULT_ROLE_ID_FILE",
      "secretId|set VAULT_SECRET_ID or VAULT_SECRET_ID_FILE",
      "jwt|reads the service account token from jwtFile=PATH",
      "password|never a password"})
  void credentialsInTheUri_areRefused_sayingWhereTheyGo(String parameter, String where) {
    String uri = "vault://vault.internal/secret?" + parameter + "=fake-credential-value";

    List<String> problems = problems(uri, Map.of());

    assertThat(problems).singleElement().asString()
        .startsWith(parameter + " would put a credential in the store URI, which ends up in shell history")
        .contains(where).doesNotContain("fake-credential-value");
    assertThatThrownBy(() -> new VaultSecretStoreProvider().open(StoreConfig.parse(uri, Map.of(), new ManualClock())))
        .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("fake-credential-value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"role_id", "ROLE_ID", "role-id", "secret_id", "client_token", "kubernetes_jwt",
      "serviceAccountJwt"})
  void credentialsInTheUri_spelledAsVaultSpellsThem_areRefused_withoutEchoingThem(String parameter) {
    String uri = "vault://vault.internal/secret?" + parameter + "=fake-credential-value";

    List<String> problems = problems(uri, Map.of());

    assertThat(problems).singleElement().asString().startsWith(parameter + " would put a credential in the store URI")
        .doesNotContain("fake-credential-value");
    assertThatThrownBy(() -> new VaultSecretStoreProvider().open(StoreConfig.parse(uri, Map.of(), new ManualClock())))
        .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("fake-credential-value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vault://h/secret?prefix=..", "vault://h/secret?prefix=a/../b", "vault://h/secret?prefix=./a",
      "vault://h/secret/..", "vault://h/./secret", "vault://h/secret?namespace=team/..",
      "vault://h/secret?auth=approle&authMount=../approle"})
  void dotSegments_inMountPrefixNamespaceOrAuthMount_areRefused(String uri) {
    // Vault's router cleans a path with '.' or '..' and redirects to another one, so such a store would name
    // paths other than those it says.
    assertThat(problems(uri, Map.of())).singleElement().asString().contains("'.' or '..'");
  }

  @Test
  void vaultAddr_withAPathQueryOrFragment_isRefused_ratherThanDropped() {
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "https://vault.internal:8200/proxy/vault")))
        .singleElement().asString().contains("VAULT_ADDR").contains("/proxy/vault");
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "https://vault.internal:8200?x=1"))).hasSize(1);
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "https://vault.internal:8200#f"))).hasSize(1);
    assertThat(settings("vault:///secret", Map.of("VAULT_ADDR", "https://vault.internal:8200/")).address())
        .isEqualTo(URI.create("https://vault.internal:8200"));
  }

  @Test
  void vaultAddr_withAHostButNoScheme_isRefused() {
    assertThat(problems("vault:///secret", Map.of("VAULT_ADDR", "//vault.internal:8200"))).singleElement().asString()
        .isEqualTo("VAULT_ADDR must be an address such as https://vault.internal:8200");
  }

  @Test
  void timeoutSecondsThatIsNoNumber_isAProblem() {
    assertThat(problems("vault://h/secret?timeoutSeconds=ten", Map.of())).singleElement().asString()
        .isEqualTo("parameter timeoutSeconds must be a whole number from 1 to 3600");
  }

  @Test
  void filePathWithANulCharacter_inTheUriOrTheEnvironment_isAProblem() {
    assertThat(problems("vault://h/secret?auth=kubernetes&role=app&jwtFile=/token%00x",
        Map.of("VAULT_CACERT", "/ca\0.pem"))).containsExactlyInAnyOrder(
        "parameter jwtFile is not a valid file path: Nul character not allowed",
        "VAULT_CACERT is not a valid file path: Nul character not allowed");
  }

  @Test
  void unknownParameter_suggestsTheNearestAndListsAll() {
    assertThat(problems("vault://h/secret?prefx=x", Map.of())).singleElement().asString()
        .contains("unknown parameter prefx (did you mean prefix?)").contains("accepts prefix, namespace, tls");
  }

  @Test
  void badLocationMountPrefixAndNamespace_areEachReported() {
    assertThat(problems("vault:secret", Map.of())).anySatisfy(p -> assertThat(p).contains("//HOST:PORT/MOUNT"));
    assertThat(problems("vault://h:notaport/secret", Map.of())).singleElement().asString()
        .contains("the host must be HOST or HOST:PORT");
    assertThat(problems("vault://h/se cret", Map.of())).singleElement().asString().contains("the KV mount must be");
    assertThat(problems("vault://h/secret?prefix=a//b", Map.of())).singleElement().asString()
        .contains("parameter prefix must be");
    assertThat(problems("vault://h/secret?namespace=a b", Map.of())).singleElement().asString()
        .contains("parameter namespace must be");
    assertThat(problems("vault://h/secret", Map.of("VAULT_NAMESPACE", "a b"))).singleElement().asString()
        .contains("VAULT_NAMESPACE must be");
    assertThat(problems("vault://h/secret?tls=maybe", Map.of())).singleElement().asString()
        .contains("tls must be true or false");
  }

  @Test
  void approle_readsItsFilesFromTheUri_andItsMount() {
    VaultSettings settings = settings("vault://h/secret?auth=approle&authMount=apps/approle&roleIdFile=/r"
        + "&secretIdFile=/s", Map.of());

    assertThat(settings.auth()).isEqualTo(new VaultSettings.AuthSettings(VaultSettings.AuthMethod.APPROLE,
        "apps/approle", null, VaultSettings.KUBERNETES_JWT, Path.of("/r"), Path.of("/s"), true));
  }

  @Test
  void revokeLoginTokens_isOnForLogins_offWhenAsked_andNeverForAGivenToken() {
    assertThat(settings("vault://h/secret?auth=approle", Map.of()).auth().revokeLoginTokens()).isTrue();
    assertThat(settings("vault://h/secret?auth=kubernetes&role=app&revokeLoginTokens=false", Map.of()).auth()
        .revokeLoginTokens()).isFalse();
    assertThat(settings("vault://h/secret", Map.of()).auth().revokeLoginTokens()).isFalse();

    assertThat(problems("vault://h/secret?revokeLoginTokens=false", Map.of())).singleElement().asString()
        .isEqualTo("parameter revokeLoginTokens goes with auth=approle or auth=kubernetes: the store never revokes a"
            + " token it is given (VAULT_TOKEN, ~/.vault-token)");
    assertThat(problems("vault://h/secret?auth=approle&revokeLoginTokens=no", Map.of())).singleElement().asString()
        .isEqualTo("parameter revokeLoginTokens must be true or false");
  }

  @Test
  void kubernetes_needsARole_andReadsTheServiceAccountTokenByDefault() {
    VaultSettings settings = settings("vault://h/secret?auth=kubernetes&role=app", Map.of());

    assertThat(settings.auth().mount()).isEqualTo("kubernetes");
    assertThat(settings.auth().jwtFile()).isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    assertThat(problems("vault://h/secret?auth=kubernetes", Map.of())).singleElement().asString()
        .contains("needs the Vault role to log in as: add role=NAME");
  }

  @Test
  void authParameters_thatDoNotGoWithTheMethod_areReported() {
    List<String> problems = problems("vault://h/secret?authMount=x&role=app&jwtFile=/j&roleIdFile=/r"
        + "&secretIdFile=/s", Map.of());

    assertThat(problems).hasSize(5);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("authMount names the mount of auth=approle"))
        .anySatisfy(p -> assertThat(p).contains("role names the Kubernetes auth role"))
        .anySatisfy(p -> assertThat(p).contains("jwtFile goes with auth=kubernetes"))
        .anySatisfy(p -> assertThat(p).contains("roleIdFile goes with auth=approle"))
        .anySatisfy(p -> assertThat(p).contains("secretIdFile goes with auth=approle"));
    assertThat(problems("vault://h/secret?auth=approle&authMount=a b", Map.of())).singleElement().asString()
        .contains("authMount must be an auth mount path");
  }

  @Test
  void tlsVariables_areRead_andHalfAClientCertificateIsReported() {
    VaultSettings settings = settings("vault://h/secret", Map.of("VAULT_CACERT", "/ca.pem", "VAULT_CLIENT_CERT",
        "/c.pem", "VAULT_CLIENT_KEY", "/k.pem", "VAULT_SKIP_VERIFY", "1"));

    assertThat(settings.tls()).isEqualTo(new VaultSettings.TlsFiles(Path.of("/ca.pem"), Path.of("/c.pem"),
        Path.of("/k.pem"), true));
    assertThat(settings("vault://h/secret", Map.of("VAULT_SKIP_VERIFY", "false")).tls().skipVerify()).isFalse();
    assertThat(problems("vault://h/secret", Map.of("VAULT_CLIENT_CERT", "/c.pem"))).singleElement().asString()
        .contains("VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together");
    assertThat(problems("vault://h/secret", Map.of("VAULT_CAPATH", "/etc/ca"))).singleElement().asString()
        .contains("VAULT_CAPATH").contains("set VAULT_CACERT");
    assertThat(problems("vault://h/secret", Map.of("VAULT_SKIP_VERIFY", "yes"))).singleElement().asString()
        .contains("VAULT_SKIP_VERIFY must be true or false");
  }

  @Test
  void timeout_fromTheUri_elseVaultClientTimeout() {
    assertThat(settings("vault://h/secret?timeoutSeconds=5", Map.of("VAULT_CLIENT_TIMEOUT", "9")).timeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(settings("vault://h/secret", Map.of("VAULT_CLIENT_TIMEOUT", "30s")).timeout())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(problems("vault://h/secret", Map.of("VAULT_CLIENT_TIMEOUT", "1m"))).singleElement().asString()
        .contains("VAULT_CLIENT_TIMEOUT must be whole seconds");
    assertThat(problems("vault://h/secret?timeoutSeconds=0", Map.of())).singleElement().asString()
        .contains("timeoutSeconds must be a whole number from 1 to 3600");
  }

  @Test
  void numbers_outOfRange_areReported_andInRangeAreRead() {
    assertThat(problems("vault://h/secret?maxAttempts=11&retryDelayMillis=-1&versionsRetained=101&maxKeys=0",
        Map.of())).hasSize(4);
    VaultSettings settings = settings("vault://h/secret?maxAttempts=1&retryDelayMillis=0&versionsRetained=3"
        + "&maxValueBytes=10&maxKeys=2&maxSecretBytes=20&maxMetadataBytes=3000", Map.of());

    assertThat(settings.maxAttempts()).isEqualTo(1);
    assertThat(settings.retryDelay()).isZero();
    assertThat(settings.versionsRetained()).isEqualTo(3);
    assertThat(settings.limits().maxValueBytes()).isEqualTo(10);
    assertThat(settings.limits().maxKeys()).isEqualTo(2);
    assertThat(settings.limits().maxSecretBytes()).isEqualTo(20);
    assertThat(settings.limits().maxMetadataBytes()).isEqualTo(3000);
  }

  @Test
  void provider_namesItsTypeAndForms() {
    VaultSecretStoreProvider provider = new VaultSecretStoreProvider();

    assertThat(provider.type()).isEqualTo("vault");
    assertThat(provider.uriForms()).allSatisfy(form -> assertThat(form).startsWith("vault:"))
        .anySatisfy(form -> assertThat(form).contains("auth=kubernetes&role=ROLE"));
  }
}
