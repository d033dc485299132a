/**
 * A local emulator of HashiCorp Vault's HTTP API, for tests that drive vault-java-driver (or any Vault
 * client), or SecretKit's {@code vault} store on it, without a Vault server, network access or credentials.
 *
 * <p>{@link dev.secretkit.emulator.vault.VaultEmulator} serves the KV version 2 secrets engine on any mount,
 * token, AppRole and Kubernetes auth, namespaces and ACL policies, with Vault's status codes and error
 * bodies, and has switches that inject rate limiting, server errors, a sealed or standby node, latency,
 * lost responses and other writers acting at an exact point.
 * {@link dev.secretkit.emulator.vault.VaultEmulatorExtension} is the JUnit 5 extension that starts one per
 * test on a free loopback port. {@link dev.secretkit.emulator.vault.TokenSpec},
 * {@link dev.secretkit.emulator.vault.AppRoleCredentials}, {@link dev.secretkit.emulator.vault.VaultOperation}
 * and {@link dev.secretkit.emulator.vault.VaultRequest} are the values its API takes and gives; everything
 * else here is the emulator's package-private state. What every SecretKit emulator shares (the fault model, with
 * {@code CallFault} and {@code Sleeper}, the loopback server and the extension glue) is in
 * {@code dev.secretkit.emulator.support}.
 */
package dev.secretkit.emulator.vault;
