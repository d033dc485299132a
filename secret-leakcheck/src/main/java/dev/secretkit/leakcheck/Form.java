package dev.secretkit.leakcheck;

/**
 * One way a planted value can appear in text: its {@code text} in the encoding {@code encoding} names, such as
 * {@code "Base64 (URL-safe)"}.
 */
record Form(String encoding, String text) {
}
