/**
 * Leak proofing for tests, with no SecretKit code so that every module's tests can use it: a JUnit 5 extension
 * ({@link dev.secretkit.leakcheck.LeakCheck}), registered for every test by autodetection, that fails a test when a
 * value it planted ({@link dev.secretkit.leakcheck.PlantedValues}) shows up in its output, logs, exceptions or left
 * files, as is, Base64-, hex-, URL- or JSON-encoded, or as any 8 characters of it; and an SLF4J 2 provider
 * ({@link dev.secretkit.leakcheck.CapturingSlf4jProvider}) that hands it every event at every level, in place of
 * {@code slf4j-nop}.
 */
package dev.secretkit.leakcheck;
