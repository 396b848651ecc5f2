/**
 * What each app under test reports about itself: its port on start, and its heap and CPU
 * time on request.
 */
@NullMarked
package dev.chatconversation.benchmarks.endpoint.meters;

import org.jspecify.annotations.NullMarked;
