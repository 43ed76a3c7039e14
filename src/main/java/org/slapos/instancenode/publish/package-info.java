/**
 * What the node tells the master about entries: error reports ({@code report-error}) and, for the
 * {@code generic} kind, connection parameters. Every write is sent only after the state it reports
 * is committed, and only when it differs from the last one the master accepted for the entry
 * ({@link org.slapos.instancenode.store.PublishedLedger}).
 */
package org.slapos.instancenode.publish;
