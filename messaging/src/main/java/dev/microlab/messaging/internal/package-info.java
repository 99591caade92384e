/**
 * Implementation details of messaging: name limits and the topic and headers matchers. Nothing
 * outside the messaging module may use this package.
 */
package dev.microlab.messaging.internal;
