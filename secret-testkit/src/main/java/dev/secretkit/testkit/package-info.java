/**
 * For backend authors and for tests of applications that use SecretKit: the store contract kit
 * ({@link dev.secretkit.testkit.SecretStoreContract}), a fault-injecting store decorator
 * ({@link dev.secretkit.testkit.FaultInjectingStore}), a clock tests advance by hand
 * ({@link dev.secretkit.testkit.ManualClock}), a JUnit 5 extension that hands a test an in-memory
 * client ({@link dev.secretkit.testkit.SecretClientExtension}), and one that fails a test when a
 * planted canary value leaks into output, logs or exceptions ({@link dev.secretkit.testkit.LeakScanner}).
 *
 * <p>A backend's tests depend on this module in test scope; it depends on JUnit Jupiter's API and
 * AssertJ in compile scope because its types are used from tests.
 */
package dev.secretkit.testkit;
