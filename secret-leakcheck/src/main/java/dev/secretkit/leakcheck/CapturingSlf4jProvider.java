package dev.secretkit.leakcheck;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 provider for tests that hands every event, at every level, to the leak check of the tests running at the
 * time, and prints only WARN and ERROR (to {@code System.err}); SLF4J finds it on the class path, in place of
 * {@code slf4j-nop}.
 *
 * <p>While no running test has planted a value, only WARN and ERROR are enabled. While one has, every level is,
 * except for the wire loggers that dump HTTP bytes verbatim only when a user asks for them (see {@link LeakCheck}),
 * which stay at WARN.
 */
public final class CapturingSlf4jProvider implements SLF4JServiceProvider {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory loggerFactory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

  /** Creates the provider; SLF4J does this through {@link java.util.ServiceLoader}. */
  public CapturingSlf4jProvider() {
    // Nothing to set up: initialize() has nothing to do either.
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // The factories are ready on construction.
  }
}
