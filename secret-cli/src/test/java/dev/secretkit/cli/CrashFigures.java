package dev.secretkit.cli;

/**
 * What the kills of ApplyCrashProcessIT did: how many SIGKILL ended (the others finished first), after how many
 * the store opened with every secret old or new, and where they landed, read from the store: before the first
 * document was written, mid-batch, or after the last; how many left one document written but not reported; and
 * the problems: a store that did not open or a secret it could not read, a secret neither old nor new (or new
 * after an old one, or listed where it should not be), a reported document not written.
 */
final class CrashFigures {
  int killed;
  int finished;
  int opened;
  int before;
  int mid;
  int after;
  int unreported;
  int corrupt;
  int halfApplied;
  int misreported;

  /** Counts a run that exited with {@code status}: 137 when the kill ended it, 0 when it finished first. */
  void exited(int status) {
    if (status == 0) {
      finished++;
    } else {
      killed++;
    }
  }

  /** Counts a kill after which {@code applied} of {@code documents} were applied and {@code printed} reported. */
  void landed(int applied, int documents, int printed) {
    opened++;
    if (applied == 0) {
      before++;
    } else if (applied == documents) {
      after++;
    } else {
      mid++;
    }
    unreported += applied - printed;
  }

  /** Returns the figures as one line. */
  String describe(int kills, int documents, KillPoints points) {
    return String.format("%d kills of an apply of %d documents (%s): %d ended by SIGKILL, %d finished first;"
        + " landed before the first document %d, mid-batch %d, after the last %d; a document written but not"
        + " reported %d; store opened with every secret old or new %d/%d; corrupt %d, half-applied or out of order"
        + " %d, reported but not written %d", kills, documents, points.describe(), killed, finished, before, mid,
        after, unreported, opened, kills, corrupt, halfApplied, misreported);
  }
}
