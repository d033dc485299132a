package dev.secretkit.leakcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that keeps every record published to the loggers it is added to, at every
 * level, for tests that check what is logged (and so what {@code System.Logger} writes); thread-safe.
 */
public final class LogRecords extends Handler {
  private final List<LogRecord> published = Collections.synchronizedList(new ArrayList<>());

  /** Creates a handler that keeps every level. */
  public LogRecords() {
    setLevel(Level.ALL);
  }

  @Override
  public void publish(LogRecord record) {
    published.add(record);
  }

  /** Returns the messages logged at {@code level} by the logger named after {@code type}, in order. */
  public List<String> at(Level level, Class<?> type) {
    synchronized (published) {
      return published.stream().filter(r -> r.getLevel() == level && r.getLoggerName().equals(type.getName()))
          .map(LogRecord::getMessage).toList();
    }
  }

  /**
   * Returns every record as its logger, level, message, parameters and exception, for a check that
   * none holds a value.
   */
  public List<String> all() {
    synchronized (published) {
      return published.stream().map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + " "
          + (r.getParameters() == null ? "" : List.of(r.getParameters())) + " " + r.getThrown()).toList();
    }
  }

  @Override
  public void flush() {
    // Nothing is buffered.
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
