/**
 * For backend authors and for tests of applications that use SecretKit: the store contract kit
 * ({@link dev.secretkit.testkit.SecretStoreContract}), its runs with a fault at every store call
 * ({@link dev.secretkit.testkit.WriteFaultContract}) and at every backend call on the wire
 * ({@link dev.secretkit.testkit.WireFaultContract}) of every write, a soak of mixed operations from many threads
 * under random faults checked against a model of what was written ({@link dev.secretkit.testkit.FaultSoakContract}),
 * its run against a real service
 * that is skipped unless one is configured ({@link dev.secretkit.testkit.RealStoreContract}), a
 * fault-injecting store decorator
 * ({@link dev.secretkit.testkit.FaultInjectingStore}), a JUnit 5 extension that hands a test an in-memory
 * client ({@link dev.secretkit.testkit.SecretClientExtension}), and one that fails a test when a
 * planted canary value leaks into output, logs, exceptions or files, as is or encoded
 * ({@link dev.secretkit.testkit.LeakScanner}, {@code secret-leakcheck}'s check with this kit's
 * {@link dev.secretkit.testkit.Canaries}; autodetected, it runs with every test).
 *
 * <p>The clock tests advance by hand, {@link dev.secretkit.emulator.support.ManualClock}, comes with it
 * from {@code secret-emulator-support}, which the emulators share. A backend's tests depend on this module in test
 * scope; it depends on JUnit Jupiter's API and
 * AssertJ in compile scope because its types are used from tests.
 */
package dev.secretkit.testkit;
