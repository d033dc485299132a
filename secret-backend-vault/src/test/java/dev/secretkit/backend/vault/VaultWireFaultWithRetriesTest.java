package dev.secretkit.backend.vault;

/**
 * The wire-fault contract with the store's retries on, three attempts as in production: a call retried after
 * its answer was lost must not turn a committed write into a reported conflict, nor a failed one into a third
 * state.
 */
class VaultWireFaultWithRetriesTest extends VaultWireFaultTest {
  @Override
  int attempts() {
    return 3;
  }

  @Override
  protected boolean retries() {
    return true;
  }
}
