/**
 * A local emulator of AWS Secrets Manager's JSON 1.1 wire protocol, for tests that drive the real
 * AWS SDK v2 client without network access or credentials.
 *
 * <p>{@link dev.secretkit.backend.aws.emulator.SecretsManagerEmulator} is the only public type: it
 * serves the operations the SecretKit store uses, with AWS's staging-label, deletion, paging and
 * idempotency semantics, and has switches that inject throttling, server errors, denials,
 * decryption failures and latency. Everything else here is its package-private state.
 */
package dev.secretkit.backend.aws.emulator;
