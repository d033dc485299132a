/** A data application as a named module: it needs only SecretKit's core; stores arrive by service binding. */
module dev.secretkit.examples.modular {
  requires dev.secretkit.core;
}
