package dev.secretkit.backend.gcp;

import com.google.protobuf.Timestamp;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where SecretKit keeps one document in Secret Manager, as the envelope's {@code ref} and the store's revision name
 * it: {@code N@SECONDS.NANOS/WRITE}, the GCP version number, the {@code create_time} of the GCP secret that holds it,
 * and sixteen random hex digits of the write that made it.
 *
 * <p>A write cannot know its version's number before Secret Manager gives it (racing writers add versions too), so
 * a document names itself with number 0: its own current entry, and so the revision, is {@code 0@CREATED/WRITE}.
 * The next write, which read the document through the alias and so knows its number, writes that number into the
 * entry when it keeps the entry in its history. Version numbers start at 1 again when a secret is deleted and created
 * again; the creation time tells such incarnations apart, and the write's digits keep a revision new even where two
 * incarnations share a creation time (an emulator on a clock that stands still).
 *
 * @param number the GCP version number, or 0 for the document that holds the ref
 * @param incarnation the GCP secret's {@code create_time}, as {@code SECONDS.NANOS}
 * @param write the write's sixteen hex digits
 */
record GcpVersionRef(long number, String incarnation, String write) {
  private static final Pattern REF = Pattern.compile("(0|[1-9][0-9]{0,17})@(-?[0-9]{1,19}\\.[0-9]{9})/([0-9a-f]{16})");

  /** Returns the ref a new write's document gives itself, in the secret of {@code incarnation}. */
  static GcpVersionRef fresh(String incarnation) {
    return new GcpVersionRef(0, incarnation, String.format("%016x", ThreadLocalRandom.current().nextLong()));
  }

  /** Returns the incarnation of a GCP secret created at {@code createTime}. */
  static String incarnation(Timestamp createTime) {
    return createTime.getSeconds() + "." + String.format("%09d", createTime.getNanos());
  }

  /** Returns the ref {@code text} stands for, or empty when it is not one this store writes. */
  static Optional<GcpVersionRef> parse(String text) {
    Matcher m = REF.matcher(text);
    return m.matches() ? Optional.of(new GcpVersionRef(Long.parseLong(m.group(1)), m.group(2), m.group(3)))
        : Optional.empty();
  }

  /** Returns the same write's ref with the GCP version number Secret Manager gave its document. */
  GcpVersionRef numbered(long gcpVersion) {
    return new GcpVersionRef(gcpVersion, incarnation, write);
  }

  /** Returns whether {@code other} names a document of the same write, numbered or not. */
  boolean sameWrite(GcpVersionRef other) {
    return incarnation.equals(other.incarnation) && write.equals(other.write);
  }

  /** Returns {@code N@SECONDS.NANOS/WRITE}. */
  @Override
  public String toString() {
    return number + "@" + incarnation + "/" + write;
  }
}
