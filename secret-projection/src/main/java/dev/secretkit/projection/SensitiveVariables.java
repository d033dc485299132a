package dev.secretkit.projection;

import java.util.regex.Pattern;

/**
 * The environment variables that change how a shell or the programs it starts behave
 * ({@code PATH}, {@code IFS}, {@code LD_PRELOAD}, {@code BASH_ENV}, {@code JAVA_TOOL_OPTIONS},
 * {@code CLASSPATH}, proxies, CA bundles, ...), matched in any case, which a variable named by a
 * secret's key must never set: whoever may edit a shared secret chooses its keys, and must not
 * choose what its readers run, where they send traffic, or whom they trust.
 */
public final class SensitiveVariables {
  private static final Pattern SENSITIVE = Pattern.compile("PATH|IFS|CDPATH|ENV|BASH_ENV|BASH_FUNC_.*|SHELLOPTS"
      + "|BASHOPTS|GLOBIGNORE|PS[1-4]|PROMPT_COMMAND|HOME|SHELL|UID|EUID|PPID|HISTFILE|LD_.*|DYLD_.*|GCONV_PATH"
      + "|CLASSPATH|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|NODE_OPTIONS|NODE_PATH|NODE_EXTRA_CA_CERTS"
      + "|PYTHONPATH|PYTHONHOME|PYTHONSTARTUP|PYTHONUSERBASE|PERL5LIB|PERLLIB|PERL5OPT|RUBYOPT|RUBYLIB"
      + "|GIT_SSH_COMMAND|GIT_SSH|GIT_EXEC_PATH|GIT_CONFIG.*|(HTTPS?|FTP|ALL|NO)_PROXY|SSL_CERT_(FILE|DIR)"
      + "|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|TMPDIR", Pattern.CASE_INSENSITIVE);

  private SensitiveVariables() {}

  /** Returns whether a variable called {@code name} changes how a shell or the programs it starts behave. */
  public static boolean isSensitive(String name) {
    return SENSITIVE.matcher(name).matches();
  }
}
