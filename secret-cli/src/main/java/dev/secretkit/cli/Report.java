package dev.secretkit.cli;

import dev.secretkit.manifest.Violation;
import java.util.List;

/**
 * What {@code secretctl validate} found: every finding in file, document and position order,
 * and how many manifests and files it read.
 *
 * @param findings every finding, in the order they are printed
 * @param manifests how many manifest documents were read and validated
 * @param files how many files were read or tried
 */
record Report(List<Finding> findings, int manifests, int files) {

  /**
   * One violation and where it was found.
   *
   * @param file the file's path as given on the command line or found under a directory
   * @param document the 0-based index of the document in the file
   * @param violation what is wrong; it never holds a secret value
   */
  record Finding(String file, int document, Violation violation) {}

  Report {
    findings = List.copyOf(findings);
  }

  long errors() {
    return findings.stream().filter(finding -> finding.violation().isError()).count();
  }

  long warnings() {
    return findings.size() - errors();
  }
}
