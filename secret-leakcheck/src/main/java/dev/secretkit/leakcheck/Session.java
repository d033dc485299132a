package dev.secretkit.leakcheck;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One test's capture: the values it planted, what it wrote to {@code System.out} and {@code System.err}, the log
 * events from its first planted value on, and when it started, for the temporary files it leaves behind.
 */
final class Session {
  private final PlantedValues planted;
  private final long startedMillis = System.currentTimeMillis();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<LogEvent> events = new ArrayList<>();
  private final Set<Throwable> scanned = Collections.newSetFromMap(new IdentityHashMap<>());
  private Set<String> temporaryBefore;

  Session(PlantedValues planted) {
    this.planted = planted;
    planted.whenFirstPlanted(this::firstPlanted);
  }

  /** At the first planted value: notes what the temporary directory holds, and starts keeping log events. */
  private void firstPlanted() {
    synchronized (this) {
      if (temporaryBefore == null) {
        temporaryBefore = LeftFiles.entries();
      }
    }
    Capture.watch(this);
  }

  PlantedValues planted() {
    return planted;
  }

  void output(boolean toOut, byte[] bytes, int offset, int length) {
    ByteArrayOutputStream stream = toOut ? out : err;
    synchronized (stream) {
      stream.write(bytes, offset, length);
    }
  }

  synchronized void log(LogEvent event) {
    events.add(event);
  }

  /** Returns whether {@code thrown} is seen for the first time, so each exception is scanned once. */
  synchronized boolean firstSight(Throwable thrown) {
    return scanned.add(thrown);
  }

  /**
   * Returns where each planted value was found: the standard streams, the log events, and the files left in the JVM's
   * temporary directory since the test started; empty when the test planted nothing, without looking.
   */
  List<String> findings() {
    List<String> findings = new ArrayList<>();
    if (planted.count() == 0) {
      return findings;
    }
    add(findings, text(out), "System.out");
    add(findings, text(err), "System.err");
    List<LogEvent> kept;
    synchronized (this) {
      kept = List.copyOf(events);
    }
    for (LogEvent event : kept) {
      add(findings, event.text(), event.source());
    }
    Set<String> before;
    synchronized (this) {
      before = temporaryBefore == null ? Set.of() : temporaryBefore;
    }
    LeftFiles.scan(planted.inputs(), before, startedMillis,
        (file, text) -> add(findings, text, "the file " + file));
    return findings;
  }

  private void add(List<String> findings, String text, String where) {
    List<String> found = planted.foundIn(text);
    if (!found.isEmpty()) {
      findings.add(String.join(", ", found) + " in " + where);
    }
  }

  private static String text(ByteArrayOutputStream stream) {
    synchronized (stream) {
      return stream.toString(Charset.defaultCharset());
    }
  }
}
