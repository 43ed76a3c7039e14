/**
 * Text printed for people: values users wrote (references, domains, messages) made safe to print on
 * a terminal or in a one-line-per-record output.
 */
package org.slapos.instancenode.text;
