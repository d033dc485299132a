package dev.secretkit.cli;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.CredentialsException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretId;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.SecretNotFoundException.Missing;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.access.Operation;
import dev.secretkit.manifest.InvalidManifestException;
import dev.secretkit.manifest.Validation;
import dev.secretkit.spi.support.RedactedCause;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a command threw into {@code secretctl}'s exit status and a message on stderr: one
 * line saying what failed and one with a hint, a stack trace only with {@code --debug}, and never
 * a value. Only SecretKit's own exceptions have their messages printed, since they are written
 * never to hold a value, and so do the {@link RedactedCause}s that stand in for a library's
 * exceptions; any other exception is a bug, reported by class and frames alone.
 */
final class Failures {
  static final int OK = 0;
  static final int UNEXPECTED = 1;
  static final int USAGE = 2;
  static final int INVALID_MANIFEST = 3;
  static final int NOT_FOUND = 4;
  static final int ACCESS_DENIED = 5;
  static final int CONFLICT = 6;
  static final int STORE_UNAVAILABLE = 7;
  static final int DATA_ERROR = 8;

  private Failures() {
  }

  /** Prints what {@code failure} means to {@code err} and returns the exit status. */
  static int report(String command, Exception failure, boolean debug, PrintWriter err) {
    int status = status(failure);
    if (failure instanceof InvalidManifestException invalid) {
      List<Report.Finding> findings = new ArrayList<>();
      for (Validation validation : invalid.validations()) {
        validation.violations().forEach(v -> findings.add(new Report.Finding(validation.origin(), validation.document(),
            v)));
      }
      OutputFormat.TEXT.write(new Report(findings, invalid.validations().size(), 0), err);
      err.println(command + ": nothing was applied");
    } else if (failure instanceof SecretException known) {
      explain(command, known, err);
    } else if (failure instanceof IllegalArgumentException misuse) {
      err.println(command + ": " + OutputFormat.printable(String.valueOf(misuse.getMessage())));
    } else {
      err.println(command + ": internal error, please report it: " + failure.getClass().getName()
          + " (message withheld)");
    }
    if (debug || status == UNEXPECTED) {
      printTrace(failure, err, status != UNEXPECTED);
    }
    return status;
  }

  /** Prints what {@code failure} means, in one line, and its hint in another: the message of a SecretKit exception holds no value. */
  static void explain(String command, SecretException failure, PrintWriter err) {
    err.println(command + ": " + OutputFormat.printable(failure.getMessage()));
    err.println("    hint: " + hint(failure));
  }

  /** Returns the exit status for {@code failure}. */
  static int status(Exception failure) {
    if (failure instanceof InvalidManifestException) {
      return INVALID_MANIFEST;
    } else if (failure instanceof SecretNotFoundException) {
      return NOT_FOUND;
    } else if (failure instanceof AccessDeniedException) {
      return ACCESS_DENIED;
    } else if (failure instanceof ConflictException) {
      return CONFLICT;
    } else if (failure instanceof StoreUnavailableException) {
      return STORE_UNAVAILABLE;
    } else if (failure instanceof SecretDataException) {
      return DATA_ERROR;
    } else if (failure instanceof ConfigurationException || failure instanceof InvalidReferenceException
        || failure instanceof IllegalArgumentException) {
      return USAGE;
    }
    return UNEXPECTED;
  }

  private static String hint(SecretException failure) {
    if (failure instanceof SecretNotFoundException notFound && notFound.missing() == Missing.STORE) {
      return "check --store and $SECRETKIT_STORE; 'secretctl apply' creates the store with its first secret";
    } else if (failure instanceof SecretNotFoundException notFound && notFound.missing() == Missing.KEY) {
      return "the secret exists but has no such key; 'secretctl get " + refOptions(notFound.ref()) + " -d' lists its"
          + " keys";
    } else if (failure instanceof SecretNotFoundException notFound && notFound.missing() == Missing.VERSION) {
      return "the secret exists but the store keeps no such version; 'secretctl history " + refOptions(notFound.ref())
          + "' lists those it keeps";
    } else if (failure instanceof SecretNotFoundException) {
      return "check the name and the workspace (-w) or type (-t); 'secretctl get -A' lists every secret";
    } else if (failure instanceof AccessDeniedException denied && denied.principal() == null) {
      return "the store refused this client's own credentials: fix the IAM policy or the credentials (for a file"
          + " store, the file permissions), then run the command again";
    } else if (failure instanceof AccessDeniedException denied) {
      return accessHint(denied);
    } else if (failure instanceof InvalidReferenceException) {
      return "write a reference as [scope:]name[#key][@version], for example public:pg-r#password@2";
    } else if (failure instanceof SecretDataException data) {
      return "the record will read the same every time: restore it from a backup, or remove it with"
          + " secretctl delete " + data.secretId().map(Failures::targetOptions).orElse("-n NAME") + " --force";
    } else if (failure instanceof ConflictException conflict) {
      return switch (conflict.reason()) {
        case EXISTS -> "choose another name, or apply to update the existing secret";
        case CHANGED -> "another writer got there first; run the command again";
        case IN_USE -> "delete the dependents first, or delete with --force; 'secretctl dependents list -n NAME'"
            + " shows them, 'secretctl dependents remove' unregisters one that is gone";
      };
    } else if (failure instanceof StoreUnavailableException unavailable) {
      return unavailable.retryAfter().map(wait -> "retry after " + wait.toMillis() + " ms")
          .orElse("check that the store is reachable, then retry");
    } else if (failure instanceof CredentialsException) {
      return "fix the credentials: provide them where the message says the store looked, then run the command again";
    }
    return "check --store or $SECRETKIT_STORE ('secretctl stores' lists the store types) and the master key";
  }

  /** Says which grant or role the denied operation needs, and whom to ask, with the command that grants it. */
  private static String accessHint(AccessDeniedException denied) {
    Operation operation = denied.operation();
    if (operation == null || operation == Operation.CREATE) {
      return "creating a secret needs the tenant-admin, data-admin or data-developer role: ask a tenant-admin for"
          + " one, then act with --roles";
    }
    if (operation == Operation.DELETE && denied.owner() == null) {
      return "a record that cannot be read names no owner to grant anything: only a tenant-admin, or the local user"
          + " (without --principal), may remove it with delete --force";
    }
    String permission = switch (operation) {
      case USE -> "can-use";
      case UPDATE, DELETE -> "can-edit";
      default -> "can-manage-access";
    };
    String whom = denied.owner() == null ? "the secret's owner" : denied.owner() + ", its owner,";
    return "ask " + whom + " for " + permission + ": secretctl grant " + targetOptions(denied.secret()) + " --to "
        + denied.principal() + " --permission " + permission + (operation == Operation.USE ? ""
        : "; a tenant-admin may " + operation.verb() + " it too");
  }

  /** Returns the options that name the secret of reference {@code ref} ({@code scope:name#key@version}). */
  private static String refOptions(String ref) {
    int end = ref.length();
    for (char c : new char[] {'#', '@'}) {
      int at = ref.indexOf(c);
      end = at >= 0 ? Math.min(end, at) : end;
    }
    return targetOptions(ref.substring(0, end));
  }

  /** Returns the {@code -n NAME -w SCOPE} (or {@code -t instance-secret}) options that name the secret {@code id}. */
  private static String targetOptions(String id) {
    int colon = id.indexOf(':');
    if (colon < 0) {
      return "-n " + id;
    }
    String scope = id.substring(0, colon);
    String name = id.substring(colon + 1);
    return "-n " + name + (SecretId.INSTANCE_SCOPE.equals(scope) ? " -t instance-secret" : " -w " + scope);
  }

  /**
   * Prints frames and cause classes; messages only for SecretKit's exceptions, which hold no value,
   * and a stand-in's class and detail for the library exception it replaced.
   */
  private static void printTrace(Throwable failure, PrintWriter err, boolean header) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String line = t instanceof SecretException ? t.getClass().getName() + ": "
          + OutputFormat.printable(String.valueOf(t.getMessage()))
          : t instanceof RedactedCause redacted ? OutputFormat.printable(redacted.getMessage()) + " (message withheld)"
          : t.getClass().getName() + " (message withheld)";
      if (t != failure) {
        err.println("Caused by: " + line);
      } else if (header) {
        err.println(line);
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        err.println("\tat " + frame);
      }
    }
  }
}
