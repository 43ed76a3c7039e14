/**
 * The reconcile contract ({@link org.slapos.instancenode.reconcile.Reconciler}, {@link
 * org.slapos.instancenode.reconcile.Result}, {@link
 * org.slapos.instancenode.reconcile.TerminalException}) and the worker loop that drives a work
 * queue with it. The loop guarantees that one reference is never reconciled on two threads at once,
 * that a failing reconcile never stops the loop, and that transient failures are retried with a
 * rate-limited backoff while terminal ones are not; and that a reference is marked done only once
 * its reconcile's writes are committed ({@link org.slapos.instancenode.reconcile.Commits}).
 */
package org.slapos.instancenode.reconcile;
