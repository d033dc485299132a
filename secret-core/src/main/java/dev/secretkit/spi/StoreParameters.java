package dev.secretkit.spi;

import dev.secretkit.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks and reads the parameters of a store URI the way SecretKit's own providers do: whole
 * numbers in a range, names the provider does not know, and the limit parameters
 * ({@value #MAX_VALUE_BYTES}, {@value #MAX_KEYS}, {@value #MAX_SECRET_BYTES},
 * {@value #MAX_METADATA_BYTES}) over a provider's defaults. A provider's {@code validate} reports
 * with the {@code check} methods; its {@code open} calls {@link #requireValid} and then reads.
 *
 * <p>No credential goes in a store URI, which shell history, process lists ({@code ps},
 * {@code /proc/PID/cmdline}) and logs see: an unknown parameter whose name sounds like one
 * ({@link #soundsLikeCredential}) is refused with a message that says where the store reads
 * credentials instead, and never repeats the value.
 */
public final class StoreParameters {
  /** The parameter that caps one value, in bytes. */
  public static final String MAX_VALUE_BYTES = "maxValueBytes";
  /** The parameter that caps the keys of one secret. */
  public static final String MAX_KEYS = "maxKeys";
  /** The parameter that caps one secret's keys and values, in bytes. */
  public static final String MAX_SECRET_BYTES = "maxSecretBytes";
  /** The parameter that caps one secret's metadata, in bytes. */
  public static final String MAX_METADATA_BYTES = "maxMetadataBytes";
  /** The parameter that says how many versions of each secret a store keeps. */
  public static final String VERSIONS_RETAINED = "versionsRetained";
  /** The limit parameters, in the order help text lists them. */
  public static final List<String> LIMITS = List.of(MAX_VALUE_BYTES, MAX_KEYS, MAX_SECRET_BYTES, MAX_METADATA_BYTES);
  /** Where credentials go, for a store whose provider names no better place. */
  public static final String CREDENTIALS_ELSEWHERE = "give them to the store through its environment variables or"
      + " files ('secretctl stores' lists its URI forms)";

  /** Name parts of credentials, matched in the name lower-cased without {@code _ - .}. */
  private static final Pattern CREDENTIAL = Pattern.compile(
      "secret|pass|pwd|token|credential|auth|jwt|bearer|cookie|session|signature|key$|keyid$");
  /** Name endings of parameters that name where a credential is, not the credential. */
  private static final Pattern LOCATION = Pattern.compile("(file|path|dir|directory|env|variable)$");

  private static final String UNKNOWN = "unknown parameter ";

  private StoreParameters() {
  }

  /** Reports parameter {@code name} when it is present and not a whole number from {@code min} to {@code max}. */
  public static void checkNumber(StoreConfig config, String name, long min, long max, Consumer<String> problems) {
    String value = config.parameters().get(name);
    if (value != null && parse(value, min, max) == null) {
      problems.accept("parameter " + name + " must be a whole number from " + min + " to " + max);
    }
  }

  /**
   * Reports what is wrong with the parameters of a store that takes the limit parameters
   * ({@link #LIMITS}), {@value #VERSIONS_RETAINED} and its {@code own}: each limit that is not a
   * whole number from 1 to {@link Integer#MAX_VALUE}, a retention that is not one from 1 to
   * {@code maxVersionsRetained}, then each name that is none of these, as
   * {@link #checkKnown(StoreConfig, List, Consumer)} does.
   */
  public static void checkParameters(StoreConfig config, List<String> own, int maxVersionsRetained,
      Consumer<String> problems) {
    checkParameters(config, own, maxVersionsRetained, CREDENTIALS_ELSEWHERE, problems);
  }

  /**
   * Reports what {@link #checkParameters(StoreConfig, List, int, Consumer)} does, refusing unknown parameters that
   * sound like credentials with {@code credentials}, a sentence saying where the store reads them instead.
   */
  public static void checkParameters(StoreConfig config, List<String> own, int maxVersionsRetained,
      String credentials, Consumer<String> problems) {
    LIMITS.forEach(name -> checkNumber(config, name, 1, Integer.MAX_VALUE, problems));
    checkNumber(config, VERSIONS_RETAINED, 1, maxVersionsRetained, problems);
    List<String> known = new ArrayList<>(own);
    known.addAll(LIMITS);
    known.add(VERSIONS_RETAINED);
    checkKnown(config, known, credentials, problems);
  }

  /**
   * Reports each parameter of {@code config} that is not in {@code known}, naming those the store accepts; those
   * that sound like credentials are refused as {@link #checkKnown(StoreConfig, List, String, Consumer)} says, with
   * {@link #CREDENTIALS_ELSEWHERE}.
   */
  public static void checkKnown(StoreConfig config, List<String> known, Consumer<String> problems) {
    checkKnown(config, known, CREDENTIALS_ELSEWHERE, problems);
  }

  /**
   * Reports each parameter of {@code config} that is not in {@code known}, naming those the store accepts. The
   * unknown ones that {@linkplain #soundsLikeCredential sound like credentials} are refused together, in one
   * problem that names them (never their values) and ends with {@code credentials}, a sentence saying where the
   * store reads credentials instead, such as {@code set VAULT_TOKEN}.
   */
  public static void checkKnown(StoreConfig config, List<String> known, String credentials,
      Consumer<String> problems) {
    List<String> unknown = config.parameters().keySet().stream().filter(name -> !known.contains(name)).toList();
    List<String> secret = unknown.stream().filter(StoreParameters::soundsLikeCredential).toList();
    if (!secret.isEmpty()) {
      problems.accept(credentialsRefused(secret, credentials));
    }
    unknown.stream().filter(name -> !secret.contains(name))
        .forEach(name -> problems.accept(UNKNOWN + name + "; " + config.type() + ": accepts "
            + String.join(", ", known)));
  }

  /**
   * Returns the problem that refuses parameters {@code names}, which would carry credentials, saying where they go
   * instead: {@code credentials}.
   */
  public static String credentialsRefused(List<String> names, String credentials) {
    return (names.size() == 1 ? "parameter " + names.get(0) + " would put a credential"
        : "parameters " + String.join(", ", names) + " would put credentials") + " in the store URI, which shell"
        + " history, process lists and logs see, so a store URI never carries one: " + credentials;
  }

  /**
   * Returns whether a parameter named {@code name} would hold a credential, going by its name: it holds, without
   * case, {@code _}, {@code -} and {@code .}, {@code secret}, {@code pass}, {@code pwd}, {@code token},
   * {@code credential}, {@code auth}, {@code jwt}, {@code bearer}, {@code cookie}, {@code session} or
   * {@code signature}, or ends in {@code key} or {@code keyid}; and it does not end in {@code file}, {@code path},
   * {@code dir}, {@code env} or {@code variable}, which name where a credential is. Limit parameters
   * ({@code maxSecretBytes}) are not credentials.
   */
  public static boolean soundsLikeCredential(String name) {
    String plain = name.toLowerCase(Locale.ROOT).replaceAll("[_.-]", "");
    return !LIMITS.contains(name) && CREDENTIAL.matcher(plain).find() && !LOCATION.matcher(plain).find();
  }

  /**
   * Throws when {@code problems}, what a provider's {@code validate} found, is not empty.
   *
   * @throws ConfigurationException naming the store (without credentials) and every problem
   */
  public static void requireValid(StoreConfig config, List<String> problems) {
    if (!problems.isEmpty()) {
      // A parameter the store does not know may be a credential under a name no rule foresaw: its value stays out.
      Set<String> unknown = config.parameters().keySet().stream()
          .filter(name -> problems.stream().anyMatch(problem -> problem.startsWith(UNKNOWN + name + ";")
              || problem.startsWith(UNKNOWN + name + " ")))
          .collect(Collectors.toSet());
      throw new ConfigurationException("cannot open store " + config.describeHiding(unknown) + ": "
          + String.join("; ", problems));
    }
  }

  /** Returns parameter {@code name} as a number, or {@code fallback} when it is absent; check it first. */
  public static int number(StoreConfig config, String name, int fallback) {
    String value = config.parameters().get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  /** Returns the limits the {@link #LIMITS} parameters set, with {@code defaults} for those absent; check them first. */
  public static StoreLimits limits(StoreConfig config, StoreLimits defaults) {
    return StoreLimits.of(number(config, MAX_VALUE_BYTES, defaults.maxValueBytes()),
        number(config, MAX_KEYS, defaults.maxKeys()), number(config, MAX_SECRET_BYTES, defaults.maxSecretBytes()))
        .withMaxMetadataBytes(number(config, MAX_METADATA_BYTES, defaults.maxMetadataBytes()));
  }

  private static Long parse(String value, long min, long max) {
    if (!value.matches("[0-9]{1,10}")) {
      return null;
    }
    long number = Long.parseLong(value);
    return number < min || number > max || number > Integer.MAX_VALUE ? null : number;
  }
}
