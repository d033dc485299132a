package dev.secretkit.emulator.support;

/**
 * What an emulator's {@code failCall(k, fault)} does to the k-th call from now: fail it before it is carried out,
 * or carry it out and then lose its answer. Each emulator's {@code failCall} says what the answers look like on its
 * wire; a test that fails every call of a write in turn, with each of these, sees every way the write can end.
 */
public enum CallFault {
  /** Answers the service's internal server error without carrying out the call. */
  ERROR_BEFORE,
  /** Answers the service's rate-limit error without carrying out the call. */
  THROTTLE_BEFORE,
  /** Carries out the call, then answers the service's internal server error, as if its answer were lost. */
  ERROR_AFTER,
  /** Carries out the call, then ends it without any answer, as when the connection drops. */
  DROP_AFTER;

  /** Returns whether the call is carried out before it fails: true for the {@code _AFTER} faults. */
  public boolean carriesOut() {
    return this == ERROR_AFTER || this == DROP_AFTER;
  }
}
