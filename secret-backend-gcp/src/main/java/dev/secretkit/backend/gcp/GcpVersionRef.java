package dev.secretkit.backend.gcp;

import com.google.protobuf.Timestamp;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where SecretKit keeps one document in Secret Manager, as the envelope's {@code ref} and the store's revision
 * name it: {@code N@SECONDS.NANOS/WRITE}, the GCP version number, the {@code create_time} of the GCP secret that
 * holds it, and eight random hex digits of the write that made it. Version numbers start at 1 again when a secret
 * is deleted and created again; the secret's creation time tells such incarnations apart (the store's checks
 * against the secret compare the number and the time), and the write's digits keep a revision new even where two
 * incarnations share a creation time (an emulator on a clock that stands still).
 *
 * @param number the GCP version number, at least 1
 * @param incarnation the GCP secret's {@code create_time}, as {@code SECONDS.NANOS}
 * @param write the write's eight hex digits
 */
record GcpVersionRef(long number, String incarnation, String write) {
  private static final Pattern REF = Pattern.compile("([1-9][0-9]{0,17})@(-?[0-9]{1,19}\\.[0-9]{9})/([0-9a-f]{8})");

  /** Returns the ref of version {@code number} of a new write to the secret of {@code incarnation}. */
  static GcpVersionRef of(long number, String incarnation) {
    return new GcpVersionRef(number, incarnation, String.format("%08x", ThreadLocalRandom.current().nextInt()));
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

  /** Returns the ref of the next version number in the same secret, for a new write. */
  GcpVersionRef next() {
    return of(number + 1, incarnation);
  }

  /** Returns the ref of version {@code other} in the same secret, of the same write. */
  GcpVersionRef at(long other) {
    return new GcpVersionRef(other, incarnation, write);
  }

  /** Returns {@code N@SECONDS.NANOS/WRITE}. */
  @Override
  public String toString() {
    return number + "@" + incarnation + "/" + write;
  }
}
