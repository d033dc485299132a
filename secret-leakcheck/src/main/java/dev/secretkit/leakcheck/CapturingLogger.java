package dev.secretkit.leakcheck;

import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One SLF4J logger of {@link CapturingSlf4jProvider}: hands every event to the scan while a running test planted a
 * value (every level is on then), and prints WARN and ERROR.
 */
final class CapturingLogger extends AbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  private final boolean wire;

  CapturingLogger(String name) {
    this.name = name;
    this.wire = WireLoggers.excluded(name);
  }

  private boolean kept() {
    return !wire && Capture.watching();
  }

  @Override
  public boolean isTraceEnabled() {
    return kept();
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return kept();
  }

  @Override
  public boolean isDebugEnabled() {
    return kept();
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return kept();
  }

  @Override
  public boolean isInfoEnabled() {
    return kept();
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return kept();
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable thrown) {
    handle(level, pattern, arguments, List.of(), thrown);
  }

  @Override
  public void log(LoggingEvent event) {
    handle(event.getLevel(), event.getMessage(), event.getArgumentArray(),
        event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs(), event.getThrowable());
  }

  private void handle(Level level, String pattern, Object[] arguments, List<KeyValuePair> pairs, Throwable thrown) {
    if (level.toInt() >= Level.WARN.toInt()) {
      System.err.println("[" + level + "] " + name + " - " + MessageFormatter.basicArrayFormat(pattern, arguments));
    }
    Capture.log(name, new Slf4jEvent(name, level, pattern, arguments, List.copyOf(pairs), thrown));
  }

  /** An SLF4J event, formatted only when a scan needs it. */
  private record Slf4jEvent(String logger, Level level, String pattern, Object[] arguments, List<KeyValuePair> pairs,
      Throwable thrown) implements LogEvent {
    @Override
    public String source() {
      return "an SLF4J event of logger '" + logger + "' at level " + level;
    }

    @Override
    public String text() {
      StringBuilder text = new StringBuilder();
      text.append(pattern).append('\n');
      try {
        text.append(MessageFormatter.basicArrayFormat(pattern, arguments)).append('\n');
      } catch (RuntimeException e) {
        text.append("(message could not be formatted)\n");
      }
      if (arguments != null) {
        for (Object argument : arguments) {
          text.append(Texts.of(argument)).append('\n');
        }
      }
      for (KeyValuePair pair : pairs) {
        text.append(pair.key).append('=').append(Texts.of(pair.value)).append('\n');
      }
      if (thrown != null) {
        text.append(Texts.stackTrace(thrown));
      }
      return text.toString();
    }
  }
}
