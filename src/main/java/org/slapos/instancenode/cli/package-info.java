/** The command line: the {@code main}, its commands, and the wiring of the other packages. */
package org.slapos.instancenode.cli;
