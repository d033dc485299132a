/**
 * A local emulator of Google Cloud Secret Manager's gRPC API, for tests that drive the real
 * {@code SecretManagerServiceClient} (or any Secret Manager client), or SecretKit's {@code gcp-sm} store on it,
 * without Google Cloud, network access or credentials.
 *
 * <p>{@link dev.secretkit.emulator.gcp.GcpSecretManagerEmulator} serves
 * {@code google.cloud.secretmanager.v1.SecretManagerService} in process, and on a plaintext loopback port on request,
 * with Secret Manager's resource names, version state machine, {@code latest} and aliases, CRC32C checks, etags,
 * paging, filters and status codes, and has switches that inject unavailability, throttling, other errors, denied
 * permissions, latency, lost answers and other writers acting at an exact point.
 * {@link dev.secretkit.emulator.gcp.GcpEmulatorExtension} is the JUnit 5 extension that starts one per test (or per
 * class). {@link dev.secretkit.emulator.gcp.GcpOperation} and {@link dev.secretkit.emulator.gcp.GcpRequest} are the
 * values its API takes and gives; everything else here is the emulator's package-private state. What every SecretKit
 * emulator shares (the fault model, with {@code CallFault} and {@code Sleeper}, and the extension glue) is in
 * {@code dev.secretkit.emulator.support}.
 */
package dev.secretkit.emulator.gcp;
