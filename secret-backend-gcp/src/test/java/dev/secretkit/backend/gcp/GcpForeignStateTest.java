package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.ConflictException;
import dev.secretkit.spi.SecretStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store keeps its promises on GCP secrets in states SecretKit did not leave them in: a create never takes over
 * another tool's secret under a SecretKit name, and every store reads alike a SecretKit secret whose alias another
 * tool removed (Terraform managing {@code version_aliases} drops aliases it does not know).
 */
class GcpForeignStateTest extends GcpProtocolFixture {
  @Test
  void aCreate_neverTakesOverAnotherToolsSecret_thatMerelyHasNoAlias() {
    // Another tool's secret, with its own value as latest: no managed-by=secretkit label, so no SecretKit create
    // died here.
    createRaw(Map.of());
    addRaw("other-tools-value");
    SecretStore store = store();

    Throwable created = catchThrowable(() -> store.create(ID, metadata("alice"), values("password", "v1")));

    assertThat(created).isInstanceOf(ConflictException.class);
    assertThat(raw.accessSecretVersion(RawGcp.versionName(PREFIX, ID, "latest")).getPayload().getData()
        .toStringUtf8()).as("what the other tool's readers get").isEqualTo("other-tools-value");
  }

  @Test
  void whenTheAliasIsRemoved_everyStoreReadsTheSecretAlike_whateverItReadBefore() {
    SecretStore seasoned = store();
    seasoned.create(ID, metadata("alice"), values("password", "v1"));
    assertThat(seasoned.read(ID)).isPresent();
    setAliases(Map.of());
    SecretStore fresh = store();

    boolean freshFinds = fresh.read(ID).isPresent();
    boolean seasonedFinds = seasoned.read(ID).isPresent();

    // Not a fresh store reading the annotation's version while the one that once saw an alias finds no secret.
    assertThat(seasonedFinds).as("a store that has seen an alias before").isEqualTo(freshFinds);
  }
}
