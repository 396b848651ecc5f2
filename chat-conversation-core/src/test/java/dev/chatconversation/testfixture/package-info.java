/**
 * Test fixtures shared by every module through the core module's test-jar: the captured
 * payloads under {@code fixtures/} ({@link dev.chatconversation.testfixture.Fixtures}), a
 * WireMock Chat Completions server
 * ({@link dev.chatconversation.testfixture.ChatWireMock}) and a scripted one that writes
 * streams part by part and shows its connections
 * ({@link dev.chatconversation.testfixture.FakeChatServer}). Test code only: nothing here
 * ships in the library's jar.
 */
@NullMarked
package dev.chatconversation.testfixture;

import org.jspecify.annotations.NullMarked;
