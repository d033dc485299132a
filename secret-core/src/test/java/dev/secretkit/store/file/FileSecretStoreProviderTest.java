package dev.secretkit.store.file;

import static dev.secretkit.store.file.TestStores.T0;
import static dev.secretkit.store.file.TestStores.metadata;
import static dev.secretkit.store.file.TestStores.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.ConfigurationException;
import dev.secretkit.SecretId;
import dev.secretkit.client.StoreRegistry;
import dev.secretkit.spi.SecretStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's URIs and parameters: every form, every problem at once, and no I/O before open. */
class FileSecretStoreProviderTest {
  private static final SecretId ID = SecretId.of("public", "pg");

  private final FileSecretStoreProvider provider = new FileSecretStoreProvider();

  @TempDir
  Path home;

  @Test
  void serviceLoader_findsTheProvider() {
    assertThat(StoreRegistry.builder().build().provider("file")).isInstanceOf(FileSecretStoreProvider.class);
    assertThat(provider.type()).isEqualTo("file");
    assertThat(provider.uriForms()).contains("file:PATH", "file:~/PATH", "file:///ABSOLUTE/PATH");
  }

  @Test
  void validate_refusesAMasterKeyInTheUri_sayingWhereItGoes_withoutRepeatingIt() {
    List<String> problems = provider.validate(TestStores.config("file:/x?masterKey=canary-key-in-argv", Map.of()));

    assertThat(problems).singleElement().satisfies(problem -> assertThat(problem).contains("masterKey")
        .contains("SECRETKIT_MASTER_KEY").contains("SECRETKIT_MASTER_KEY_COMMAND").contains("keyFile=PATH")
        .doesNotContain("canary"));
    assertThat(provider.validate(TestStores.config("file:/x?versionsRetained=0", Map.of())))
        .as("0 keeps every version").isEmpty();
  }

  @Test
  void validate_acceptsEveryForm_withoutTouchingTheDisk() {
    Map<String, String> env = Map.of("HOME", home.resolve("nowhere").toString());
    for (String uri : new String[] {"file:", "file:relative/dir", "file:/abs/dir", "file:~/x", "file:~",
        "file:///abs/with%20space", "file:/x?keyFile=~/k&maxKeys=3&maxValueBytes=9&maxSecretBytes=99"}) {
      assertThat(provider.validate(TestStores.config(uri, env))).as(uri).isEmpty();
    }
    assertThat(home.resolve("nowhere")).doesNotExist();
  }

  @Test
  void validate_reportsEveryProblemAtOnce() {
    assertThat(provider.validate(TestStores.config("file://host/x?maxKeys=0&colour=red&keyFile=", Map.of())))
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).contains("file://HOST"))
        .anySatisfy(p -> assertThat(p).contains("maxKeys"))
        .anySatisfy(p -> assertThat(p).contains("unknown parameter colour"))
        .anySatisfy(p -> assertThat(p).contains("keyFile is empty"));
    assertThat(provider.validate(TestStores.config("file:~bob/x", Map.of()))).singleElement()
        .satisfies(p -> assertThat(p).contains("~NAME"));
    assertThat(provider.validate(TestStores.config("file:a\u0000b", Map.of()))).singleElement()
        .satisfies(p -> assertThat(p).contains("not a valid file path"));
  }

  @Test
  void open_invalidUri_isAConfigurationErrorListingProblems() {
    assertThatThrownBy(() -> provider.open(TestStores.config("file:/x?maxKeys=-1&colour=red", Map.of())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxKeys")
        .hasMessageContaining("colour");
  }

  @Test
  void open_resolvesHomeRelativeAndUriForms() {
    String key = TestStores.newKey();
    Map<String, String> env = Map.of("HOME", home.toString(), KeySource.VARIABLE, key);
    try (SecretStore tilde = provider.open(TestStores.config("file:~/tilde", env));
        SecretStore uri = provider.open(TestStores.config("file://" + home.resolve("with space").toString()
            .replace(" ", "%20"), env))) {
      assertThat(tilde.description()).as("descriptions name the directory in full")
          .isEqualTo("file:" + home.resolve("tilde"));
      assertThat(uri.description()).isEqualTo("file:" + home.resolve("with space"));
      tilde.create(ID, metadata("alice", T0), values("password", "one"));
      uri.create(ID, metadata("alice", T0), values("password", "one"));
    }
    assertThat(home.resolve("tilde/secrets")).isDirectory();
    assertThat(home.resolve("with space/secrets")).isDirectory();
  }

  @Test
  void client_opensTheFileStoreByUri() {
    try (var client = dev.secretkit.client.SecretClient.builder().store("file:" + home)
        .environment(Map.of(KeySource.VARIABLE, TestStores.newKey(), "USER", "alice"))
        .clock(Clock.systemUTC()).build()) {
      assertThat(client.store()).isEqualTo("file:" + home);
    }
  }
}
