/**
 * A local emulator of AWS Secrets Manager's JSON 1.1 wire protocol, for tests that drive the real
 * AWS SDK v2 client, or SecretKit's {@code aws-sm} store on it, without network access or credentials.
 *
 * <p>{@link dev.secretkit.emulator.aws.SecretsManagerEmulator} serves the operations the SecretKit
 * store uses, with AWS's staging-label, deletion, paging and idempotency semantics, and has switches
 * that inject throttling, server errors, denials, decryption failures and latency.
 * {@link dev.secretkit.emulator.aws.AwsEmulatorExtension} is the JUnit 5 extension that starts one per
 * test on a free loopback port and hands the test a {@code SecretClient} on it. Everything else here
 * is the emulator's package-private state; what every SecretKit emulator shares (the fault model, with
 * {@code CallFault} and {@code Sleeper}, the loopback server and the extension glue) is in
 * {@code dev.secretkit.emulator.support}.
 */
package dev.secretkit.emulator.aws;
