/**
 * A faithful AWS Secrets Manager emulator for tests, served over HTTP on loopback for the real AWS
 * SDK, with a JUnit 5 extension that starts one per test and hands out a client on it.
 */
module dev.secretkit.emulator.aws {
  requires transitive dev.secretkit.core;
  requires transitive org.junit.jupiter.api;
  requires transitive dev.secretkit.emulator.support;
  requires com.fasterxml.jackson.core;
  requires transitive com.fasterxml.jackson.databind;
  requires jdk.httpserver;

  exports dev.secretkit.emulator.aws;
}
