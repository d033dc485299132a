package dev.secretkit.backend.gcp;

import static dev.secretkit.backend.gcp.TestSecrets.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretkit.emulator.gcp.GcpOperation;
import dev.secretkit.spi.SecretStore;
import dev.secretkit.spi.StoredSecret;
import org.junit.jupiter.api.Test;

/**
 * A read of a secret's versions that races its delete finds none, never a permanent error. Found by hammering the
 * store over TCP (8 writers racing updates, metadata writes and deletes, 2 readers listing and reading versions),
 * and pinned here at the exact point.
 */
class GcpReadRacingDeleteTest extends GcpProtocolFixture {
  @Test
  void versionsRacingADelete_isEmptyOrTheVersions_neverAPermanentError() {
    SecretStore reader = store();
    SecretStore deleter = store();
    StoredSecret created = deleter.create(ID, metadata("alice"), values("password", "v1"));
    // The reader has read the current document; before it lists the GCP versions, the secret is deleted.
    emulator.beforeNext(request -> request.operation() == GcpOperation.LIST_SECRET_VERSIONS,
        () -> deleter.delete(ID, created.revision()));

    Throwable versions = catchThrowable(() -> reader.versions(ID));

    assertThat(versions).isNull();
  }
}
