package dev.secretkit.cli;

import dev.secretkit.Secret;
import dev.secretkit.SecretSummary;
import dev.secretkit.SecretValue;
import dev.secretkit.projection.SensitiveVariables;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@code secretctl env} and {@code get -o dotenv} print one secret: a {@code KEY=value} line per
 * key, for a POSIX shell's {@code eval} or a .env file.
 *
 * <ul>
 *   <li>The variable is the key, with every character outside {@code A-Z a-z 0-9 _} replaced by
 *       {@code _}, and {@code _} put before a leading digit: {@code tls.crt} becomes
 *       {@code tls_crt}, {@code .dockerconfigjson} {@code _dockerconfigjson}; case is kept, as a
 *       DataOS {@code envVars} projection keeps it. Two keys that become one variable are an error.
 *   <li>A value is written in single quotes, and a single quote in it as {@code '\''}, so a shell
 *       reads every byte back as it is, {@code $}, backslashes and line breaks included. A value
 *       that is not UTF-8 text, or holds a NUL, cannot be a shell variable: it is left out, with
 *       a comment saying how to read it.
 *   <li>A variable that changes how the shell or the programs it starts behave ({@code PATH},
 *       {@code IFS}, {@code LD_PRELOAD}, {@code BASH_ENV}, ...: {@link SensitiveVariables}) is never
 *       assigned: whoever may edit a shared secret chooses its keys, and must not choose what the
 *       reader's shell runs. It is left out with a comment, and a note on stderr names it.
 *   <li>Without {@code --reveal} every line is a comment naming the variable, so an {@code eval}
 *       sets nothing rather than empty values.
 * </ul>
 */
final class DotenvView {
  private DotenvView() {
  }

  /** Returns the shell variable that {@code key} becomes. */
  static String variable(String key) {
    StringBuilder name = new StringBuilder(key.length() + 1);
    if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
      name.append('_');
    }
    for (char c : key.toCharArray()) {
      boolean allowed = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      name.append(allowed ? c : '_');
    }
    return name.toString();
  }

  /** Returns {@code text} in single quotes for a POSIX shell: {@code it's} becomes {@code 'it'\''s'}. */
  static String quoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * Prints {@code summary}'s keys as variables, with {@code revealed}'s values when it is not null;
   * notes about left-out values go to {@code err}.
   *
   * @throws IllegalArgumentException if two keys become one variable
   */
  static void print(SecretSummary summary, Secret revealed, String command, PrintWriter out, PrintWriter err) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String key : revealed != null ? revealed.values().keySet() : summary.keys()) {
      String previous = variables.put(variable(key), key);
      if (previous != null) {
        throw new IllegalArgumentException("keys " + previous + " and " + key + " of " + summary.id()
            + " both become the variable " + variable(key) + "; read them with secretctl resolve "
            + summary.id() + "#KEY");
      }
    }
    out.println("# " + summary.id() + ", version " + (revealed != null ? revealed.version() : summary.latest())
        .number() + (revealed != null ? "" : ": values hidden; add --reveal (needs can-use)"));
    variables.forEach((variable, key) -> {
      if (SensitiveVariables.isSensitive(variable)) {
        out.println("# " + variable + ": left out, since setting it changes how the shell or the programs it starts"
            + " run; secretctl resolve " + summary.id() + "#" + key + " reads it");
        err.println(command + ": key " + key + " would set " + variable + ", which changes how the shell or its"
            + " programs run: left out; secretctl resolve " + summary.id() + "#" + key + " reads it");
        return;
      }
      if (revealed == null) {
        out.println("# " + variable + "=");
        return;
      }
      String text = text(revealed.values().get(key));
      if (text == null) {
        out.println("# " + variable + ": left out, not text; secretctl resolve " + summary.id() + "#" + key
            + " > FILE writes it");
        err.println(command + ": key " + key + " holds bytes that are not text (or a NUL), which a shell variable"
            + " cannot: left out; secretctl resolve " + summary.id() + "#" + key + " > FILE writes it");
      } else {
        out.println(variable + "=" + quoted(text));
      }
    });
    if (revealed == null) {
      err.println(command + ": values hidden: add --reveal to print them (needs ownership or a can-use grant)");
    }
  }

  /** Returns the value as text, or null when it is not UTF-8 or holds a NUL. */
  private static String text(SecretValue value) {
    String text = SecretView.utf8(value);
    return text == null || text.indexOf('\0') >= 0 ? null : text;
  }
}
