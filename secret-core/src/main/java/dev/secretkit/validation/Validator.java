package dev.secretkit.validation;

import dev.secretkit.manifest.ManifestDocument;
import dev.secretkit.manifest.SecretManifest;
import dev.secretkit.manifest.Validation;
import dev.secretkit.manifest.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks manifest documents against every rule of their version and, when one applies, a
 * data-source profile, and reports everything wrong at once.
 *
 * <p>A profile applies when the validator was built with one, or when the manifest's
 * {@code tags} hold {@code source:<profile>}; the validator's own profile wins over a tag.
 * Instances are immutable and thread-safe.
 */
public final class Validator {
  private final DataSourceProfile profile;

  private Validator(DataSourceProfile profile) {
    this.profile = profile;
  }

  /** Returns a validator that applies a profile only when a manifest is tagged {@code source:<profile>}. */
  public static Validator standard() {
    return new Validator(null);
  }

  /**
   * Returns a validator that checks every manifest against the named profile.
   *
   * @throws IllegalArgumentException if there is no profile of that name
   */
  public static Validator forProfile(String profileName) {
    Objects.requireNonNull(profileName, "profileName");
    return new Validator(DataSourceProfiles.find(profileName).orElseThrow(
        () -> new IllegalArgumentException("unknown data-source profile: " + profileName)));
  }

  /**
   * Returns every violation in {@code document}: the problems found while reading it, then
   * the rules of its version and profile. When there are no errors the result holds the
   * normalised manifest ({@code certificate} becomes {@code certificates}).
   */
  public Validation validate(ManifestDocument document) {
    Objects.requireNonNull(document, "document");
    List<Violation> violations = new ArrayList<>(document.problems());
    Findings findings = new Findings(document, violations);
    ManifestRules.check(document, findings);
    ProfileRules.check(document, profile, findings);
    SecretManifest manifest = ManifestRules.normalise(document.manifest());
    return new Validation(document.origin(), document.index(), violations, manifest);
  }
}
