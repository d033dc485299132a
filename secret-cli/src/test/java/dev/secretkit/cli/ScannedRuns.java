package dev.secretkit.cli;

import dev.secretkit.testkit.Canaries;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process runs of a test, kept for the canary scan: everything they printed, except the stdout of runs asked
 * to print values ({@code resolve}, {@code --reveal}).
 */
final class ScannedRuns {
  private final List<CliRun> runs = new ArrayList<>();

  /** Keeps all that {@code run} printed for the scan, and returns it. */
  CliRun scanned(CliRun run) {
    runs.add(run);
    return run;
  }

  /** Keeps only the stderr of {@code run}, whose stdout is the values it was asked to print, and returns it. */
  CliRun revealing(CliRun run) {
    runs.add(new CliRun(run.exitCode(), "", run.err()));
    return run;
  }

  /** Fails if the stdout or stderr of a kept run holds a planted canary. */
  void assertNothingLeaked(Canaries canaries) {
    for (CliRun run : runs) {
      canaries.assertAbsent("stdout", run.out());
      canaries.assertAbsent("stderr", run.err());
    }
  }
}
