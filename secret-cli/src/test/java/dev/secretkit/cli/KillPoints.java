package dev.secretkit.cli;

import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * Where to SIGKILL an apply of a batch, drawn from full runs of the same apply so that kills spread over the whole
 * batch however loaded the machine is: one kill in ten at a time anywhere in {@code [0, exit]} (start-up,
 * reading, planning, writing); the others after the k-th document is reported, k uniform in {@code [0, n]},
 * plus a delay uniform in one document's time (for k = 0: in {@code [0, first report]}), so that they land
 * anywhere in the write of the next document or between two.
 *
 * @param firstReport when the first document is reported, in nanoseconds after the start
 * @param exit when the process exits
 * @param perDocument how long one document takes to apply
 * @param documents how many documents the batch holds
 */
record KillPoints(long firstReport, long exit, long perDocument, int documents) {

  /**
   * One kill: after the process has printed {@code reports} lines (0: from its start), wait {@code delay}
   * nanoseconds, then kill it.
   *
   * @param reports the lines to wait for
   * @param delay the nanoseconds to wait after them
   */
  record Kill(int reports, long delay) {
    /** Returns the kill point in words, for a message. */
    @Override
    public String toString() {
      return (reports == 0 ? "" : "line " + reports + " + ") + String.format("%.1f ms", delay / 1e6);
    }
  }

  /** Returns the kill points of {@code runs}, full applies of {@code documents} documents, from their medians. */
  static KillPoints measured(List<TimedRun> runs, int documents) {
    long first = median(runs, run -> run.arrival(0));
    long last = median(runs, run -> run.arrival(documents - 1));
    return new KillPoints(first, median(runs, TimedRun::exited), (last - first) / Math.max(1, documents - 1),
        documents);
  }

  /** Draws the next kill from {@code random}. */
  Kill draw(Random random) {
    if (random.nextInt(10) == 0) {
      return new Kill(0, uniform(random, exit));
    }
    int reports = random.nextInt(documents + 1);
    return new Kill(reports, uniform(random, reports == 0 ? firstReport : perDocument));
  }

  /** Says what the full applies measured, in milliseconds. */
  String describe() {
    return String.format("full applies: first document reported at %.0f ms, exit at %.0f ms, %.1f ms per document",
        firstReport / 1e6, exit / 1e6, perDocument / 1e6);
  }

  private static long uniform(Random random, long bound) {
    return (long) (random.nextDouble() * bound);
  }

  private static long median(List<TimedRun> runs, ToLongFunction<TimedRun> time) {
    long[] times = runs.stream().mapToLong(time).sorted().toArray();
    return times[times.length / 2];
  }
}
