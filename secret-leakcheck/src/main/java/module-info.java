/**
 * SecretKit's leak check for tests: a JUnit 5 extension that fails a test when a planted value leaks into output,
 * logs, exceptions or files, in any common encoding, and an SLF4J provider that feeds it. JUnit and SLF4J find both
 * through the service declarations.
 */
module dev.secretkit.leakcheck {
  requires transitive org.junit.jupiter.api;
  requires transitive org.slf4j;
  requires transitive java.logging;

  exports dev.secretkit.leakcheck;

  provides org.junit.jupiter.api.extension.Extension with dev.secretkit.leakcheck.LeakCheck;
  provides org.slf4j.spi.SLF4JServiceProvider with dev.secretkit.leakcheck.CapturingSlf4jProvider;
}
