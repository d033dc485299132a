/**
 * A faithful HashiCorp Vault emulator for tests (KV v2, token, AppRole and Kubernetes auth, namespaces,
 * ACL policies), served over HTTP on loopback for vault-java-driver or any Vault client, with a JUnit 5
 * extension that starts one per test.
 */
module dev.secretkit.emulator.vault {
  requires transitive org.junit.jupiter.api;
  requires transitive dev.secretkit.emulator.support;
  requires com.fasterxml.jackson.core;
  requires transitive com.fasterxml.jackson.databind;
  requires jdk.httpserver;

  exports dev.secretkit.emulator.vault;
}
