/**
 * Tests of what the starter brings onto an application's classpath.
 */
@NullMarked
package dev.chatconversation.starter;

import org.jspecify.annotations.NullMarked;
