/**
 * SecretKit's test kit: the store and provider contract kits (with the store-call, wire-fault and
 * real-service runs), a fault-injecting store, a read-only tree, a JUnit 5
 * extension that hands out in-memory clients and a leak scanner. JUnit reaches the kits' test
 * methods reflectively, so the package is open to it.
 *
 * @uses dev.secretkit.spi.SecretStoreProvider the provider contract checks that ServiceLoader finds the provider
 */
module dev.secretkit.testkit {
  requires transitive dev.secretkit.core;
  requires dev.secretkit.projection;
  requires transitive org.junit.jupiter.api;
  requires transitive dev.secretkit.emulator.support;
  requires dev.secretkit.leakcheck;
  requires org.assertj.core;

  exports dev.secretkit.testkit;
  opens dev.secretkit.testkit to org.junit.platform.commons;

  uses dev.secretkit.spi.SecretStoreProvider;

  provides org.junit.jupiter.api.extension.Extension with dev.secretkit.testkit.LeakScanner;
}
