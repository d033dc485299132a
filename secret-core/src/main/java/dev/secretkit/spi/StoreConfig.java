package dev.secretkit.spi;

import dev.secretkit.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A store URI taken apart, with the environment and clock the store should use.
 *
 * <p>A URI is {@code TYPE:LOCATION[?NAME=VALUE&...]}: the type is the provider's
 * {@link SecretStoreProvider#type()}, the location is everything up to {@code ?} (such as
 * {@code //127.0.0.1:8200/secret} or {@code /home/me/.secretkit}), and parameters are
 * percent-decoded. {@link #toString()} and {@link #describe()} replace user information in the
 * location ({@code //USER:PASSWORD@HOST}) and in parameters that are URLs or {@code USER:PASSWORD@HOST:PORT}
 * authorities, and the value of every parameter whose name suggests a credential (holding
 * {@code secret}, {@code pass}, {@code pwd}, {@code token}, {@code credential} or {@code auth}, or
 * ending in {@code key} or {@code keyId}, and every name {@link StoreParameters#soundsLikeCredential}
 * refuses) with {@code ***}. Instances are immutable.
 *
 * @param type the store type, the URI's scheme, such as {@code file}
 * @param location the text between {@code TYPE:} and {@code ?}, possibly empty
 * @param parameters the query parameters, in order
 * @param environment the environment variables the store may read, such as {@code SECRETKIT_MASTER_KEY}
 * @param clock the clock for every timestamp the store writes
 */
public record StoreConfig(
    String type, String location, Map<String, String> parameters, Map<String, String> environment, Clock clock) {

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
  /** Parameters whose names sound like credentials but are sizes, such as {@code maxSecretBytes}. */
  private static final Set<String> LIMITS = Set.copyOf(StoreParameters.LIMITS);
  private static final Pattern SENSITIVE = Pattern.compile("secret|pass|pwd|token|credential|auth|key$|keyid$");

  /** Checks every part and copies the maps. */
  public StoreConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(location, "location");
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    environment = Map.copyOf(environment);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Takes {@code uri} apart.
   *
   * @throws ConfigurationException if it has no type, a malformed parameter, or a parameter
   *     given twice; the message never repeats a parameter's value
   */
  public static StoreConfig parse(String uri, Map<String, String> environment, Clock clock) {
    Objects.requireNonNull(uri, "uri");
    int colon = uri.indexOf(':');
    String type = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!TYPE.matcher(type).matches()) {
      throw new ConfigurationException("invalid store URI: expected TYPE:LOCATION, such as memory:, file:PATH"
          + " or vault://HOST:PORT/MOUNT; it must start with the store type and ':'");
    }
    String rest = uri.substring(colon + 1);
    int question = rest.indexOf('?');
    String location = question < 0 ? rest : rest.substring(0, question);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (question >= 0 && question + 1 < rest.length()) {
      for (String pair : rest.substring(question + 1).split("&", -1)) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (!PARAMETER.matcher(name).matches()) {
          throw new ConfigurationException("invalid store URI " + type + ":...: a query parameter has no valid"
              + " name; expected NAME=VALUE pairs separated by '&'");
        }
        String value;
        try {
          value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException("invalid store URI " + type + ":...: the value of parameter '" + name
              + "' has a malformed %-escape", null);
        }
        if (parameters.putIfAbsent(name, value) != null) {
          throw new ConfigurationException("invalid store URI " + type + ":...: parameter '" + name
              + "' is given twice");
        }
      }
    }
    return new StoreConfig(type, location, parameters, environment, clock);
  }

  /** Returns the value of parameter {@code name}, or {@code fallback} when it is absent. */
  public String parameter(String name, String fallback) {
    return parameters.getOrDefault(name, fallback);
  }

  /** Returns the URI with credential-like parameter values replaced by {@code ***}, for messages. */
  public String describe() {
    return describeHiding(Set.of());
  }

  /** Returns {@link #describe()} with the values of the parameters {@code hidden} names hidden too. */
  String describeHiding(Set<String> hidden) {
    StringBuilder text = new StringBuilder(type).append(':').append(withoutUserInfo(location));
    char separator = '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      boolean sensitive = hidden.contains(parameter.getKey()) || !LIMITS.contains(parameter.getKey())
          && SENSITIVE.matcher(parameter.getKey().toLowerCase(Locale.ROOT)).find()
          || StoreParameters.soundsLikeCredential(parameter.getKey());
      text.append(separator).append(parameter.getKey()).append('=')
          .append(sensitive ? "***" : withoutUserInfoInUrl(parameter.getValue()));
      separator = '&';
    }
    return text.toString();
  }

  /**
   * Replaces the user information of a parameter that is a URL, such as {@code https://USER:PASSWORD@HOST}, or an
   * authority without a scheme, such as {@code USER:PASSWORD@HOST:PORT}, with {@code ***}.
   */
  private static String withoutUserInfoInUrl(String value) {
    int colon = value.indexOf("://");
    if (colon > 0 && value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return value.substring(0, colon + 1) + withoutUserInfo(value.substring(colon + 1));
    }
    int at = value.lastIndexOf('@');
    return at > 0 && value.substring(0, at).contains(":") && value.indexOf('/') < 0
        ? "***@" + value.substring(at + 1) : value;
  }

  /** Replaces the user information of {@code //USER:PASSWORD@HOST...} with {@code ***}. */
  private static String withoutUserInfo(String location) {
    if (!location.startsWith("//")) {
      return location;
    }
    int end = location.indexOf('/', 2);
    String authority = end < 0 ? location.substring(2) : location.substring(2, end);
    int at = authority.lastIndexOf('@');
    return at < 0 ? location : "//***@" + authority.substring(at + 1) + (end < 0 ? "" : location.substring(end));
  }

  /** Returns {@link #describe()}; the environment is never shown. */
  @Override
  public String toString() {
    return describe();
  }
}
