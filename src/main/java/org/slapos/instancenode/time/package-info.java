/**
 * Time budgets: a {@link org.slapos.instancenode.time.Deadline} that bounds a whole run (a {@code
 * run --once} must fit in its cron minute), read by every part that waits, so that none of them
 * waits past it.
 */
package org.slapos.instancenode.time;
