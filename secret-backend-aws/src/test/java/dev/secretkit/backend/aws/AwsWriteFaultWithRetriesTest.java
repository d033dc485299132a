package dev.secretkit.backend.aws;

/**
 * The wire-fault contract against the emulator with the SDK's retries on, as in production (three
 * attempts): a call retried after its answer was lost must not turn a committed write into a
 * reported conflict, nor a failed one into a third state.
 */
class AwsWriteFaultWithRetriesTest extends AwsWriteFaultInjectionTest {
  @Override
  String storeParameters() {
    return "maxAttempts=3&retryDelayMillis=0";
  }

  @Override
  protected boolean retries() {
    return true;
  }
}
