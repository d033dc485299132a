package dev.secretkit.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How {@code secretctl} shows the library's log: one line per record on stderr, {@code secretctl: warning: ...},
 * SecretKit's INFO and above (its DEBUG too with {@code --debug}), other libraries' WARNING and above. Installed by
 * {@link SecretCtl#main} only, so that a test running commands in-process keeps its own logging.
 */
final class CliLogging {
  private static final String LIBRARY = "dev.secretkit";

  private CliLogging() {
  }

  /** Replaces the root logger's handlers with one that writes to {@code err}; {@code debug} adds SecretKit's DEBUG. */
  static void install(PrintStream err, boolean debug) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    root.setLevel(Level.WARNING);
    Logger.getLogger(LIBRARY).setLevel(debug ? Level.FINE : Level.INFO);
    Formatter messages = new SimpleFormatter();
    Handler line = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (isLoggable(record)) {
          err.println("secretctl: " + label(record.getLevel()) + ": "
              + OutputFormat.printable(messages.formatMessage(record)));
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {
        flush();
      }
    };
    line.setLevel(Level.ALL);
    root.addHandler(line);
  }

  private static String label(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "error";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "warning";
    }
    return level.intValue() >= Level.INFO.intValue() ? "info" : "debug";
  }
}
