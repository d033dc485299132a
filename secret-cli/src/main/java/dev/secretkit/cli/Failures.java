package dev.secretkit.cli;

import dev.secretkit.AccessDeniedException;
import dev.secretkit.ConfigurationException;
import dev.secretkit.ConflictException;
import dev.secretkit.InvalidManifestException;
import dev.secretkit.InvalidReferenceException;
import dev.secretkit.SecretDataException;
import dev.secretkit.SecretException;
import dev.secretkit.SecretNotFoundException;
import dev.secretkit.StoreUnavailableException;
import dev.secretkit.validation.Validation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a command threw into {@code secretctl}'s exit status and a message on stderr: one
 * line saying what failed and one with a hint, a stack trace only with {@code --debug}, and never
 * a value. Only SecretKit's own exceptions have their messages printed, since they are written
 * never to hold a value; any other exception is a bug, reported by class and frames alone.
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
      err.println(command + ": " + OutputFormat.printable(known.getMessage()));
      err.println("    hint: " + hint(known));
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

  private static int status(Exception failure) {
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
    if (failure instanceof SecretNotFoundException) {
      return "check the name and the workspace; 'secretctl get' lists the secrets there are";
    } else if (failure instanceof AccessDeniedException denied && denied.principal() == null) {
      return "the store refused this client's own credentials or file permissions: fix them, then run the command"
          + " again";
    } else if (failure instanceof AccessDeniedException) {
      return "ask the secret's owner for a grant: secretctl grant -n NAME --to YOU --permission can-use";
    } else if (failure instanceof InvalidReferenceException) {
      return "write a reference as [scope:]name[#key][@version], for example public:pg-r#password@2";
    } else if (failure instanceof SecretDataException) {
      return "the record will read the same every time: restore it from a backup, or remove it with"
          + " secretctl delete -n NAME --force";
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
    }
    return "check --store or $SECRETKIT_STORE ('secretctl stores' lists the store types) and the master key";
  }

  /** Prints frames and cause classes; messages only for SecretKit's exceptions, which hold no value. */
  private static void printTrace(Throwable failure, PrintWriter err, boolean header) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t instanceof SecretException ? ": " + OutputFormat.printable(String.valueOf(t.getMessage()))
          : " (message withheld)";
      if (t != failure) {
        err.println("Caused by: " + t.getClass().getName() + message);
      } else if (header) {
        err.println(t.getClass().getName() + message);
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        err.println("\tat " + frame);
      }
    }
  }
}
