package dev.secretkit.spi.support;

import dev.secretkit.client.SecretClient;

/**
 * A planted violation, never used: a support helper that reaches up into the client, closing a
 * cycle with the client's own use of support, for {@code ArchitectureRulesTest}.
 */
final class PlantedClientUse {
  private PlantedClientUse() {
  }

  static boolean closes(SecretClient client) {
    return client.storeAbsence().isPresent();
  }
}
