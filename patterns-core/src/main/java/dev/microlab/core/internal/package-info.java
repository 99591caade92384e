/**
 * The few mechanisms every policy of patterns-core needs, written once: unwrapping and
 * cancelling stages ({@link dev.microlab.core.internal.Futures}), saturating nanosecond
 * arithmetic ({@link dev.microlab.core.internal.Nanos}) and argument checks whose messages name
 * the parameter ({@link dev.microlab.core.internal.Arguments}).
 *
 * <p>Not part of the public API: nothing outside patterns-core may use this package, and it may
 * change in any release.
 */
package dev.microlab.core.internal;
