package dev.secretkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretId;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Operation;
import dev.secretkit.access.Principal;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Each kind of failure gets the exit code and the hint that say how to react to it. */
class FailuresTest {

  private record Reported(int status, String err) {
  }

  private static Reported report(Exception failure) {
    StringWriter err = new StringWriter();
    int status = Failures.report("get", failure, false, new PrintWriter(err, true));
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
    assertThat(store.err()).contains("hint: the store refused this client's own credentials or file permissions");
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
}
