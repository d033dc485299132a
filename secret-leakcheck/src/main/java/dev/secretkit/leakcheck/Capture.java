package dev.secretkit.leakcheck;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The process-wide taps every running test's {@link Session} reads from, installed at the first test and left in place
 * (put back at the start of a test if something removed one): a tee on {@code System.out} and {@code System.err}, a
 * handler on the root {@code java.util.logging} logger (where {@code System.Logger} ends up too, by default), and the
 * SLF4J events of {@link CapturingSlf4jProvider}.
 *
 * <p>Whatever any thread writes goes to every session running at the time, so tests that run in parallel each see
 * all of it: a superset of their own, which costs a scan, never a missed leak (another test's values are its own and
 * random). Log events are kept from a test's first planted value on, and only then are all levels on: the root
 * {@code java.util.logging} level is ALL and SLF4J loggers enable DEBUG and TRACE while a running test has planted
 * one, so the tests that plant nothing (most) pay nothing for it. The console sees what it saw before: the tee
 * forwards every byte, and the root logger's console handler keeps its own level (INFO).
 */
final class Capture {
  private static final Set<Session> RUNNING = new CopyOnWriteArraySet<>();
  /** The running sessions that planted a value: log events are kept for them alone, and only while there are any. */
  private static final Set<Session> WATCHING = new CopyOnWriteArraySet<>();
  /** The wire loggers' JUL loggers, held so the level set on them stays. */
  private static final List<Logger> QUIETED = new ArrayList<>();
  private static final Logger ROOT = Logger.getLogger("");
  private static final JulTap TAP = new JulTap();
  private static boolean quieted;
  private static PrintStream out;
  private static PrintStream err;
  private static Level rootLevel;

  private Capture() {
  }

  /** Installs the taps if they are not in place, and starts handing output to {@code session}. */
  static void start(Session session) {
    install();
    RUNNING.add(session);
  }

  /**
   * Starts keeping log events for {@code session}, which planted its first value; the first such session lowers the
   * root {@code java.util.logging} level to ALL, so that records at every level are made.
   */
  static synchronized void watch(Session session) {
    if (!RUNNING.contains(session) || WATCHING.contains(session)) {
      return;
    }
    if (WATCHING.isEmpty()) {
      rootLevel = ROOT.getLevel();
      ROOT.setLevel(Level.ALL);
    }
    WATCHING.add(session);
  }

  /** Stops handing output to {@code session}, after flushing the standard streams into it. */
  static synchronized void stop(Session session) {
    System.out.flush();
    System.err.flush();
    RUNNING.remove(session);
    if (WATCHING.remove(session) && WATCHING.isEmpty()) {
      ROOT.setLevel(rootLevel);
    }
  }

  /**
   * Returns whether a running test planted a value, that is, whether an event logged now would be kept; while none
   * did, loggers below WARN stay off, and cost what they cost without the check.
   */
  static boolean watching() {
    return !WATCHING.isEmpty();
  }

  /** Hands {@code event} to every session that planted a value, unless its logger is a wire logger. */
  static void log(String logger, LogEvent event) {
    if (WATCHING.isEmpty() || WireLoggers.excluded(logger)) {
      return;
    }
    for (Session session : WATCHING) {
      session.log(event);
    }
  }

  /**
   * Puts the taps in place, again if something took one away since (a test that restored a stream it saved before the
   * first test, or reset the logging configuration): each test starts with all of them.
   */
  private static synchronized void install() {
    Charset charset = Charset.defaultCharset();
    if (System.out != out) {
      out = new PrintStream(new Tee(System.out, true), true, charset);
      System.setOut(out);
    }
    if (System.err != err) {
      err = new PrintStream(new Tee(System.err, false), true, charset);
      System.setErr(err);
    }
    if (!List.of(ROOT.getHandlers()).contains(TAP)) {
      ROOT.addHandler(TAP);
    }
    if (quieted) {
      return;
    }
    quieted = true;
    for (String name : WireLoggers.EXCLUDED) {
      Logger logger = Logger.getLogger(name);
      if (logger.getLevel() == null) {
        logger.setLevel(Level.INFO);
      }
      QUIETED.add(logger);
    }
  }

  /** Forwards every byte to the stream it replaced and copies it to every running session. */
  private static final class Tee extends OutputStream {
    private final PrintStream original;
    private final boolean out;

    Tee(PrintStream original, boolean out) {
      this.original = original;
      this.out = out;
    }

    @Override
    public void write(int b) {
      original.write(b);
      for (Session session : RUNNING) {
        session.output(out, new byte[] {(byte) b}, 0, 1);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      original.write(bytes, offset, length);
      for (Session session : RUNNING) {
        session.output(out, bytes, offset, length);
      }
    }

    @Override
    public void flush() {
      original.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** Keeps every record published to the root logger, formatted only when a scan needs it. */
  private static final class JulTap extends Handler {
    JulTap() {
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
      if (!WATCHING.isEmpty()) {
        log(record.getLoggerName(), new JulEvent(record));
      }
    }

    @Override
    public void flush() {
      // Nothing buffered.
    }

    @Override
    public void close() {
      // Nothing to release.
    }
  }

  /** A {@code java.util.logging} record (or a {@code System.Logger} one, which the JDK sends there). */
  private record JulEvent(LogRecord record) implements LogEvent {
    @Override
    public String source() {
      return "a java.util.logging record of logger '" + record.getLoggerName() + "' at level " + record.getLevel();
    }

    @Override
    public String text() {
      StringBuilder text = new StringBuilder();
      text.append(record.getMessage()).append('\n');
      Object[] parameters = record.getParameters();
      if (parameters != null && record.getMessage() != null) {
        try {
          text.append(MessageFormat.format(record.getMessage(), parameters)).append('\n');
        } catch (IllegalArgumentException e) {
          text.append("(message could not be formatted)\n");
        }
      }
      if (parameters != null) {
        for (Object parameter : parameters) {
          text.append(Texts.of(parameter)).append('\n');
        }
      }
      if (record.getThrown() != null) {
        text.append(Texts.stackTrace(record.getThrown()));
      }
      return text.toString();
    }
  }
}
