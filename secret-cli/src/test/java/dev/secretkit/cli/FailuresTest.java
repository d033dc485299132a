package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.CredentialsException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Operation;
import dev.secretkit.access.Principal;
import dev.secretkit.spi.support.RedactedCause;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Each kind of failure gets the exit code and the hint that say how to react to it. */
class FailuresTest {

  private record Reported(int status, String err) {
  }

  private static Reported report(Exception failure) {
    return report(failure, false);
  }

  private static Reported report(Exception failure, boolean debug) {
    StringWriter err = new StringWriter();
    int status = Failures.report("get", failure, debug, new PrintWriter(err, true));
    return new Reported(status, err.toString());
  }

  @Test
  void anUnreadableRecord_exits8_withARestoreOrForceDeleteHint() {
    Reported reported = report(new SecretDataException("public:pg", "file:/s", "its file is corrupted", null));

    assertThat(reported.status()).isEqualTo(Failures.DATA_ERROR).isEqualTo(8);
    assertThat(reported.err()).contains("cannot read secret public:pg in store file:/s")
        .contains("hint: the record will read the same every time: restore it from a backup, or remove it with"
            + " secretctl delete -n pg -w public --force");
  }

  @Test
  void aStoreRefusingTheClientsOwnCredentials_exits5_withAHintToFixThem_notToAskForAGrant() {
    Reported store = report(new AccessDeniedException("file:/s", "file:/s", "reading was refused by the file"
        + " system", null));
    Reported policy = report(new AccessDeniedException(Principal.of("mallory"), Operation.USE,
        SecretId.of("public", "pg"), "file:/s"));

    assertThat(store.status()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(store.err()).contains("hint: the store refused this client's own credentials: fix the IAM policy or"
        + " the credentials (for a file store, the file permissions)");
    assertThat(policy.status()).isEqualTo(Failures.ACCESS_DENIED);
    assertThat(policy.err()).contains("hint: ask the secret's owner for can-use: secretctl grant -n pg -w public --to"
        + " mallory --permission can-use");
    Reported edit = report(new AccessDeniedException(Principal.of("carol"), Operation.UPDATE,
        SecretId.of("instance", "git"), "dana", "file:/s"));
    assertThat(edit.err()).contains("hint: ask dana, its owner, for can-edit: secretctl grant -n git -t instance-secret"
        + " --to carol --permission can-edit; a tenant-admin may update it too");
    Reported create = report(new AccessDeniedException(Principal.of("carol"), Operation.CREATE,
        SecretId.of("public", "new"), "file:/s"));
    assertThat(create.err()).contains("hint: creating a secret needs the tenant-admin, data-admin or data-developer"
        + " role");
  }

  @Test
  void aTransientFault_exits7_withARetryHint_andABadReference_exits2() {
    Reported unavailable = report(new StoreUnavailableException("aws-sm://eu-west-1", "throttled", true, null,
        null));
    Reported reference = report(new InvalidReferenceException("invalid secret reference: the key after '#' is"
        + " empty"));

    assertThat(unavailable.status()).isEqualTo(Failures.STORE_UNAVAILABLE);
    assertThat(unavailable.err()).contains("hint: check that the store is reachable, then retry");
    assertThat(reference.status()).isEqualTo(Failures.USAGE);
    assertThat(reference.err()).contains("hint: write a reference as [scope:]name[#key][@version]");
  }

  @Test
  void missingCredentials_exit2_withAHintToFixThem_notToRetry() {
    Reported reported = report(new CredentialsException("no AWS credentials for store aws-sm://eu-west-1:"
        + " AWS_ACCESS_KEY_ID is not set", null));

    assertThat(reported.status()).isEqualTo(Failures.USAGE);
    assertThat(reported.err()).contains("hint: fix the credentials").doesNotContain("retry");
  }

  @Test
  void debug_printsAStandInsClassAndDetail_butNoOtherForeignMessage() {
    String canary = "canary-" + System.nanoTime();
    RedactedCause cause = RedactedCause.of(new IllegalStateException(canary, new ConnectException(canary)),
        t -> t instanceof IllegalStateException ? "AccessDeniedException, HTTP 400" : null);
    Reported reported = report(new StoreUnavailableException("aws-sm://eu-west-1", "cannot connect", false, null,
        cause), true);

    assertThat(reported.err())
        .contains("Caused by: java.lang.IllegalStateException (AccessDeniedException, HTTP 400) (message withheld)")
        .contains("Caused by: java.net.ConnectException (message withheld)").doesNotContain(canary);
  }
}
