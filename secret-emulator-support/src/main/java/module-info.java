/**
 * What SecretKit's service emulators share: one fault model, a loopback HTTP server and the JUnit 5 extension
 * glue that opens a fixture per test or per class. Its only dependency is JUnit Jupiter's API.
 */
module dev.secretkit.emulator.support {
  requires transitive org.junit.jupiter.api;
  requires transitive jdk.httpserver;

  exports dev.secretkit.emulator.support;
}
