package dev.secretkit.cli;

import dev.secretkit.SecretId;
import dev.secretkit.manifest.Position;
import dev.secretkit.manifest.SecretManifest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses a {@code -w} that contradicts the manifests it comes with: a manifest whose
 * {@code workspace:} names another scope, an instance secret, which lives in no workspace, or a
 * {@code -w instance}, the instance secrets' scope, given with a manifest of a (workspace) secret. A
 * silent winner either way would apply or delete a secret the user did not mean.
 */
final class WorkspaceConflicts {
  private WorkspaceConflicts() {
  }

  /**
   * Checks {@code manifests} against {@code workspace}, the {@code -w} value or null.
   *
   * @throws ParameterException naming every contradiction, with the file, line and column of each
   */
  static void check(CommandSpec spec, String workspace, List<SecretManifest> manifests, ManifestLoader.Loaded loaded) {
    if (workspace == null) {
      return;
    }
    List<String> conflicts = new ArrayList<>();
    for (SecretManifest manifest : manifests) {
      if (manifest.isInstanceSecret()) {
        conflicts.add(where(loaded, manifest, "type") + ": " + manifest.name() + " is an instance secret, which lives"
            + " in scope " + SecretId.INSTANCE_SCOPE + ", not in workspace " + workspace);
      } else if (workspace.equals(SecretId.INSTANCE_SCOPE) && manifest.workspace() == null) {
        conflicts.add(where(loaded, manifest, "type") + ": " + manifest.name() + " is a secret, not an instance"
            + " secret; scope " + SecretId.INSTANCE_SCOPE + " holds only instance secrets");
      } else if (manifest.workspace() != null && !manifest.workspace().equals(workspace)) {
        conflicts.add(where(loaded, manifest, "workspace") + ": " + manifest.name() + " names workspace: "
            + manifest.workspace() + ", not " + workspace);
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "-w " + workspace + " contradicts "
          + (conflicts.size() == 1 ? "a manifest" : conflicts.size() + " manifests") + "; nothing was done:\n  "
          + String.join("\n  ", conflicts) + "\ndrop -w to use each manifest's own scope, or change the manifests");
    }
  }

  private static String where(ManifestLoader.Loaded loaded, SecretManifest manifest, String path) {
    ManifestLoader.Source source = loaded.sources().get(manifest);
    if (source == null) {
      return "manifest " + manifest.name();
    }
    Position position = source.parsed().positionOf(path);
    return source.file() + (position.line() > 0 ? ":" + position.line() + ":" + position.column() : "")
        + " (document " + (source.document() + 1) + ")";
  }
}
