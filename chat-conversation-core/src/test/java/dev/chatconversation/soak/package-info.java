/**
 * The fault soak (reliability issue 16, item 1): hundreds of mixed faulty turns against a
 * scripted local server, under paranoid leak detection, checked turn by turn against the
 * nothing-lost rules and at the end for leaked connections, buffers and memory.
 */
@NullMarked
package dev.chatconversation.soak;

import org.jspecify.annotations.NullMarked;
