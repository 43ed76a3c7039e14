/**
 * The CDN entry lifecycle (ARCHITECTURE.md section 5): the reconciler of the {@code cdn} kind, its
 * chain of small pure checks returning stable {@link org.slapos.instancenode.cdn.Reason} codes, the
 * retention of absent entries, and the state writer that records a verdict only when it changed and
 * owes a bang only after committing the change that calls for it.
 */
package org.slapos.instancenode.cdn;
