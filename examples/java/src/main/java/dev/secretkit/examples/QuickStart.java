package dev.secretkit.examples;

import dev.secretkit.ApplyResult;
import dev.secretkit.SecretRef;
import dev.secretkit.SecretValue;
import dev.secretkit.client.SecretClient;
import java.nio.file.Path;
import java.util.List;

/** Applies a Secret manifest to a store and resolves the first secret's password, printing only its length. */
public final class QuickStart {
  private QuickStart() {
  }

  /** Runs it: {@code QuickStart MANIFEST}, for a manifest whose first secret has a {@code password} key. */
  public static void main(String[] args) {
    try (SecretClient client = SecretClient.builder()
        .store("memory:")                                  // or "file:" (~/.secretkit), "aws-sm://eu-west-1", ...
        .build()) {
      List<ApplyResult> applied = client.apply(Path.of(args[0]));   // validates every document, then applies each
      SecretRef ref = SecretRef.to(applied.get(0).id(), "password");
      SecretValue password = client.resolve(ref);
      try {
        System.out.println(ref + ": " + password.length() + " bytes");  // toString() would print [redacted]
      } finally {
        password.destroy();                                             // zero the bytes when done
      }
    }
  }
}
