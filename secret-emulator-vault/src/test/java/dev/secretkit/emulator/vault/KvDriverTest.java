package dev.secretkit.emulator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretkit.emulator.support.ManualClock;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.api.sys.mounts.Mount;
import io.github.jopenlibs.vault.api.sys.mounts.MountType;
import io.github.jopenlibs.vault.response.HealthResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the KV v2 engine through the real vault-java-driver 6.2.1, as the vault store does. */
class KvDriverTest {
  private final ManualClock clock = new ManualClock();
  private VaultEmulator vault;
  private Vault driver;

  @BeforeEach
  void start() throws VaultException {
    vault = new VaultEmulator(clock).start();
    driver = Clients.driver(vault, vault.rootToken());
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void write_thenRead_returnsTheDataAndTheVersion() throws VaultException {
    LogicalResponse written = driver.logical().write("secret/app/db", Map.of("user", "app", "password", "fake-pw"));

    LogicalResponse read = driver.logical().read("secret/app/db");

    assertThat(written.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(written.getData()).containsEntry("version", "1").containsEntry("destroyed", "false")
        .containsEntry("deletion_time", "").containsEntry("created_time", "2024-01-01T00:00:00Z");
    assertThat(read.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(read.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "app", "password", "fake-pw"));
    assertThat(read.getDataMetadata().getVersion()).isEqualTo(1L);
    assertThat(read.getRestResponse().getMimeType()).isEqualTo("application/json");
  }

  @Test
  void write_keepsNumbersAndBooleansAsJsonTypes() throws VaultException {
    driver.logical().write("secret/typed", Map.of("port", 5432, "tls", true, "name", "db"));

    LogicalResponse read = driver.logical().read("secret/typed");

    assertThat(read.getDataObject().get("port").isNumber()).isTrue();
    assertThat(read.getDataObject().get("tls").isBoolean()).isTrue();
    assertThat(read.getData()).containsEntry("port", "5432").containsEntry("tls", "true");
  }

  @Test
  void write_eachWrite_addsAVersion_andReadOfAVersionReturnsIt() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "one"));
    clock.advance(Duration.ofSeconds(1));
    LogicalResponse second = driver.logical().write("secret/app", Map.of("v", "two"));

    LogicalResponse first = driver.logical().read("secret/app", true, 1);
    LogicalResponse latest = driver.logical().read("secret/app");

    assertThat(second.getData()).containsEntry("version", "2").containsEntry("created_time", "2024-01-01T00:00:01Z");
    assertThat(first.getData()).containsEntry("v", "one");
    assertThat(first.getDataMetadata().getVersion()).isEqualTo(1L);
    assertThat(latest.getData()).containsEntry("v", "two");
    assertThat(latest.getDataMetadata().getVersion()).isEqualTo(2L);
  }

  @Test
  void read_missingKeyOrVersion_returns404WithNoData() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "one"));

    LogicalResponse missing = driver.logical().read("secret/nope");
    LogicalResponse missingVersion = driver.logical().read("secret/app", true, 7);

    assertThat(missing.getRestResponse().getStatus()).isEqualTo(404);
    assertThat(missing.getData()).isEmpty();
    assertThat(new String(missing.getRestResponse().getBody())).isEqualTo("{\"errors\":[]}\n");
    assertThat(missingVersion.getRestResponse().getStatus()).isEqualTo(404);
  }

  @Test
  void write_casMatchingTheCurrentVersion_succeeds_andAStaleOneIs400() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "one"), null, new WriteOptions().checkAndSet(0L));

    LogicalResponse next = driver.logical().write("secret/app", Map.of("v", "two"), null,
        new WriteOptions().checkAndSet(1L));
    LogicalResponse stale = driver.logical().write("secret/app", Map.of("v", "lost"), null,
        new WriteOptions().checkAndSet(1L));
    LogicalResponse create = driver.logical().write("secret/app", Map.of("v", "lost"), null,
        new WriteOptions().checkAndSet(0L));

    assertThat(next.getData()).containsEntry("version", "2");
    assertThat(stale.getRestResponse().getStatus()).isEqualTo(400);
    assertThat(new String(stale.getRestResponse().getBody()))
        .isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}\n");
    assertThat(create.getRestResponse().getStatus()).isEqualTo(400);
    assertThat(driver.logical().read("secret/app").getData()).containsEntry("v", "two");
  }

  @Test
  void write_twoRacingClientsWithTheSameCas_exactlyOneWins() throws Exception {
    driver.logical().write("secret/race", Map.of("v", "0"));
    Vault other = Clients.driver(vault, vault.rootToken());

    LogicalResponse mine = driver.logical().write("secret/race", Map.of("v", "mine"), null,
        new WriteOptions().checkAndSet(1L));
    LogicalResponse theirs = other.logical().write("secret/race", Map.of("v", "theirs"), null,
        new WriteOptions().checkAndSet(1L));

    assertThat(mine.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(theirs.getRestResponse().getStatus()).isEqualTo(400);
    assertThat(driver.logical().read("secret/race").getData()).containsEntry("v", "mine");
  }

  @Test
  void list_returnsKeysAndFolders_andAnEmptyFolderIs404() throws VaultException {
    driver.logical().write("secret/team/app", Map.of("v", "1"));
    driver.logical().write("secret/team/db/primary", Map.of("v", "1"));
    driver.logical().write("secret/team/db/replica", Map.of("v", "1"));
    driver.logical().write("secret/top", Map.of("v", "1"));

    assertThat(driver.logical().list("secret").getListData()).containsExactly("team/", "top");
    assertThat(driver.logical().list("secret/team").getListData()).containsExactly("app", "db/");
    assertThat(driver.logical().list("secret/team/db").getListData()).containsExactly("primary", "replica");
    LogicalResponse empty = driver.logical().list("secret/nothing");
    assertThat(empty.getRestResponse().getStatus()).isEqualTo(404);
    assertThat(empty.getListData()).isEmpty();
  }

  @Test
  void delete_isTheMetadataDelete_removingEveryVersionAndTheListEntry() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "1"));
    driver.logical().write("secret/app", Map.of("v", "2"));

    LogicalResponse deleted = driver.logical().delete("secret/app");

    assertThat(deleted.getRestResponse().getStatus()).isEqualTo(204);
    assertThat(deleted.getRestResponse().getBody()).isEmpty();
    assertThat(driver.logical().read("secret/app", true, 1).getRestResponse().getStatus()).isEqualTo(404);
    assertThat(driver.logical().list("secret").getRestResponse().getStatus()).isEqualTo(404);
    assertThat(driver.logical().write("secret/app", Map.of("v", "new"), null, new WriteOptions().checkAndSet(0L))
        .getData()).as("after a metadata delete the key counts as version 0").containsEntry("version", "1");
  }

  @Test
  void deleteVersions_thenRead_is404WithTheVersionsDeletionTime_andUndeleteRestoresIt() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "1"));
    clock.advance(Duration.ofMinutes(1));

    driver.logical().delete("secret/app", new int[] {1});
    clock.advance(Duration.ofSeconds(1));
    LogicalResponse deleted = driver.logical().read("secret/app");
    driver.logical().unDelete("secret/app", new int[] {1});
    LogicalResponse restored = driver.logical().read("secret/app");

    assertThat(deleted.getRestResponse().getStatus()).isEqualTo(404);
    assertThat(deleted.getData()).isEmpty();
    assertThat(deleted.getDataMetadata().getVersion()).isEqualTo(1L);
    assertThat(deleted.getDataMetadata().getMetadataMap()).containsEntry("deletion_time", "2024-01-01T00:01:00Z")
        .containsEntry("destroyed", "false");
    assertThat(restored.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(restored.getData()).containsEntry("v", "1");
  }

  @Test
  void destroy_dropsTheData_undeleteCannotBringItBack() throws VaultException {
    driver.logical().write("secret/app", Map.of("v", "1"));
    driver.logical().write("secret/app", Map.of("v", "2"));

    driver.logical().destroy("secret/app", new int[] {2});
    driver.logical().unDelete("secret/app", new int[] {2});
    LogicalResponse destroyed = driver.logical().read("secret/app");

    assertThat(destroyed.getRestResponse().getStatus()).isEqualTo(404);
    assertThat(destroyed.getDataMetadata().getMetadataMap()).containsEntry("destroyed", "true")
        .containsEntry("version", "2");
    assertThat(driver.logical().read("secret/app", true, 1).getData()).containsEntry("v", "1");
  }

  @Test
  void deleteUndeleteDestroy_ofMissingKeysOrVersions_are204() throws VaultException {
    assertThat(driver.logical().delete("secret/none", new int[] {1}).getRestResponse().getStatus()).isEqualTo(204);
    assertThat(driver.logical().unDelete("secret/none", new int[] {1}).getRestResponse().getStatus()).isEqualTo(204);
    assertThat(driver.logical().destroy("secret/none", new int[] {1}).getRestResponse().getStatus()).isEqualTo(204);
    assertThat(driver.logical().delete("secret/none").getRestResponse().getStatus()).isEqualTo(204);
  }

  @Test
  void driver_onAnotherMount_withPrefixPathDepth_readsAndWrites() throws Exception {
    vault.mountKv("team/kv");
    Vault deep = Vault.create(new io.github.jopenlibs.vault.VaultConfig().address(vault.address().toString())
        .token(vault.rootToken()).engineVersion(2).prefixPathDepth(2).httpClient(Clients.HTTP).build(), 2);

    deep.logical().write("team/kv/app/db", Map.of("v", "1"));

    assertThat(deep.logical().read("team/kv/app/db").getData()).containsEntry("v", "1");
    assertThat(deep.logical().list("team/kv/app").getListData()).containsExactly("db");
    assertThat(driver.logical().read("secret/app/db").getRestResponse().getStatus()).isEqualTo(404);
  }

  @Test
  void readAndWrite_withoutPermission_returnThe403_whileDeleteThrowsIt() throws VaultException {
    Vault denied = Clients.driver(vault, vault.createToken(TokenSpec.of()));

    LogicalResponse read = denied.logical().read("secret/app");
    LogicalResponse write = denied.logical().write("secret/app", Map.of("v", "1"));

    assertThat(read.getRestResponse().getStatus()).isEqualTo(403);
    assertThat(write.getRestResponse().getStatus()).isEqualTo(403);
    assertThatThrownBy(() -> denied.logical().delete("secret/app"))
        .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(403));
  }

  @Test
  void mounts_listTheKvEngines_withTheirVersion() throws VaultException {
    vault.mountKv("kv");

    Map<String, Mount> mounts = driver.sys().mounts().list().getMounts();

    assertThat(mounts).containsKeys("secret/", "kv/", "sys/", "cubbyhole/", "identity/");
    assertThat(mounts.get("kv/").getType()).isEqualTo(MountType.KEY_VALUE);
  }

  @Test
  void create_withEngineVersionDetection_findsTheKvMountsThroughSysMounts() throws Exception {
    Vault detecting = Vault.create(new io.github.jopenlibs.vault.VaultConfig().address(vault.address().toString())
        .token(vault.rootToken()).httpClient(Clients.HTTP).build(), true, 2);

    detecting.logical().write("secret/app", Map.of("v", "1"));

    assertThat(detecting.logical().read("secret/app").getData()).containsEntry("v", "1");
    assertThat(vault.calls(VaultOperation.READ_MOUNTS)).isEqualTo(1);
  }

  @Test
  void health_activeNode_is200AndUnsealed() throws VaultException {
    HealthResponse health = Clients.driver(vault, null).debug().health();

    assertThat(health.getRestResponse().getStatus()).isEqualTo(200);
    assertThat(health.getInitialized()).isTrue();
    assertThat(health.getSealed()).isFalse();
    assertThat(health.getStandby()).isFalse();
    assertThat(health.getServerTimeUTC()).isEqualTo(clock.instant().getEpochSecond());
  }
}
