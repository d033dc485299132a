/**
 * What SecretKit's service emulators (AWS Secrets Manager and HashiCorp Vault over HTTP, GCP Secret Manager over
 * gRPC) share, so that they fail, wait and count alike and their JUnit 5 extensions behave alike.
 *
 * <p>For tests that use an emulator: {@link dev.secretkit.emulator.support.CallFault}, what an emulator's
 * {@code failCall(k, fault)} does to the k-th call, {@link dev.secretkit.emulator.support.RandomFaults}, the mix
 * of faults and latency its {@code failRandomly} draws for every call, and
 * {@link dev.secretkit.emulator.support.Sleeper}, the seam an emulator waits out injected latency through.
 *
 * <p>For the emulators themselves: {@link dev.secretkit.emulator.support.FaultSwitches}, the fault switches and
 * call counters and the order a call goes through them; {@link dev.secretkit.emulator.support.FaultCounts}, the
 * "fail the next n calls of this operation" counts an emulator keeps for its own kinds of failure;
 * {@link dev.secretkit.emulator.support.LoopbackHttpServer}, the server an HTTP emulator answers on; and
 * {@link dev.secretkit.emulator.support.FixtureExtension}, the JUnit 5 extension that opens one fixture per test
 * (or per class) on first use, hands out its parts as parameters and closes it afterwards.
 */
package dev.secretkit.emulator.support;
