/**
 * The engine: passes that list the desired state, validate it, diff it against the observed state
 * and queue the references that need work, and the daemon and run-once drivers around them. A pass
 * never treats a failed listing as the removal of entries.
 */
package org.slapos.instancenode.engine;
