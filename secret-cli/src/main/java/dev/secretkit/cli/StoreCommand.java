package dev.secretkit.cli;

import dev.secretkit.client.SecretClientBuilder;
import dev.secretkit.spi.StoreConfig;
import dev.secretkit.store.file.FileSecretStoreProvider;
import dev.secretkit.store.file.FileSecretStoreProvider.KeyRotation;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code secretctl store rotate-key}: re-seals every secret of a file store under a new master key. */
@Command(
    name = "store",
    sortOptions = false,
    description = {
        "Maintains a store. rotate-key re-seals every secret and version of a file store under a new master key,"
            + " holding the store's lock: when the key is in a key file (the default, or keyFile=, or"
            + " $SECRETKIT_MASTER_KEY_FILE), it generates the new key and writes it to that file first, ahead of"
            + " the old ones, which stay for older backups (a store whose key was inside its directory gets its own"
            + " key file outside it). When the key comes"
            + " from $SECRETKIT_MASTER_KEY or $SECRETKIT_MASTER_KEY_COMMAND, make it give the new key first and the"
            + " current one after it, run rotate-key, then make it give the new key only.",
        "A crash or kill at any point leaves a store that opens; running rotate-key again finishes the rotation."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  secretctl store rotate-key",
        "  secretctl store rotate-key --store file:/srv/secrets",
        "  SECRETKIT_MASTER_KEY=\"$(cat new.key) $(cat old.key)\" secretctl store rotate-key --store file:/srv/secrets"},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:rotated", "1:unexpected error",
        "2:bad usage or configuration: not a file store, no store there, a wrong key, or a key from the environment"
            + " that holds only the current key",
        "5:the file system refused a read or write", "7:the store's files could not be read or written: retry",
        "8:a record cannot be read: nothing was lost; restore it, or delete it with --force, then run again"})
final class StoreCommand implements Callable<Integer> {
  private static final String FILE_TYPE = "file";

  @ParentCommand
  private SecretCtl parent;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", completionCandidates = Actions.class,
      description = "rotate-key.")
  private String action;

  @Override
  public Integer call() {
    if (!"rotate-key".equals(action)) {
      throw new ParameterException(spec.commandLine(), "unknown ACTION '" + OutputFormat.printable(action)
          + "'; store takes rotate-key");
    }
    Map<String, String> environment = parent.environment();
    StoreConfig config = StoreConfig.parse(SecretClientBuilder.storeUri(parent.options().store(), environment),
        environment, Clock.systemUTC());
    if (!FILE_TYPE.equals(config.type())) {
      throw new ParameterException(spec.commandLine(), "rotate-key rotates the master key of a file store, and "
          + config.describe() + " is a " + config.type() + " store, whose service encrypts it: rotate its key there"
          + " (AWS KMS, Vault, Cloud KMS)");
    }
    KeyRotation rotation = new FileSecretStoreProvider().rotateKey(config);
    PrintWriter out = spec.commandLine().getOut();
    out.println("rotated the master key of store " + rotation.store() + " to key id " + rotation.keyId()
        + (rotation.previousKeyIds().isEmpty() ? "" : " (was " + String.join(", ", rotation.previousKeyIds()) + ")"));
    out.println("re-sealed " + rotation.records() + " records and " + rotation.versions() + " older versions"
        + (rotation.upgraded() == 0 ? "" : ", " + rotation.upgraded() + " of them upgraded from format 1"));
    if (rotation.keyFileWritten()) {
      out.println("the new key is first in " + rotation.keySource() + ", and the old keys stay after it for backups"
          + " made before now (and any other store that shares the file); back the file up now, and remove the old"
          + " keys' lines once nothing needs them");
    } else {
      out.println(rotation.keySource() + " still gives the old keys too: once nothing needs them, make it give the"
          + " new key (id " + rotation.keyId() + ") only");
    }
    return Failures.OK;
  }

  /** The actions, for completion. */
  static final class Actions implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("rotate-key").iterator();
    }
  }
}
