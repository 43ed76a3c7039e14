/**
 * Files the node creates for itself: readable and writable by their owner only ({@code 0600}),
 * whatever the umask, since they may hold tokens, secrets or users' private keys.
 */
package org.slapos.instancenode.files;
