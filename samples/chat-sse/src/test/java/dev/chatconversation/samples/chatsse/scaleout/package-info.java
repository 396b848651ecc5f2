/**
 * The scale-out test: two instances of the sample, each its own JVM, on one store.
 */
@NullMarked
package dev.chatconversation.samples.chatsse.scaleout;

import org.jspecify.annotations.NullMarked;
