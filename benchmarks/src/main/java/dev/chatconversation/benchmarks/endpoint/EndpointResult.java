package dev.chatconversation.benchmarks.endpoint;

/**
 * What S5 measured for one app and one N.
 *
 * @param app the app under test
 * @param chats the concurrent chats
 * @param seconds the time until every reply of the timed round had ended
 * @param firstTextP50Millis the median time from sending a message to its first text
 * @param heapKbPerChat the app's heap per open chat
 * @param errors chats that failed or came incomplete, in both rounds
 * @param cpuMicrosPerChunk the app's CPU time per chunk the model sent, timed round
 * @param firstFailure the first failure of the timed round, or {@code none}
 */
record EndpointResult(String app, int chats, double seconds, double firstTextP50Millis, double heapKbPerChat,
		int errors, double cpuMicrosPerChunk, String firstFailure) {
}
