/**
 * The template engines projections render with: {@link dev.secretkit.projection.template.TemplateType}
 * names them, {@link dev.secretkit.projection.template.TemplateEngine} compiles text of one syntax,
 * and a {@link dev.secretkit.projection.template.Template} renders against the secrets of a
 * {@link dev.secretkit.projection.template.TemplateContext}.
 */
package dev.secretkit.projection.template;
