package dev.chatconversation.client.routing;

import dev.chatconversation.client.ApiStatusException;
import dev.chatconversation.client.ApiTimeoutException;
import dev.chatconversation.client.ChatCompletionsException;
import dev.chatconversation.client.NotFoundException;

/**
 * Which failures let the next fallback model be tried: those another model may not have.
 */
final class FallbackCondition {

	private FallbackCondition() {
	}

	/**
	 * Whether a failure of one model lets the next be tried: a transient failure that
	 * outlasted the client's own retries (connection errors, 408, 409, 429, 5xx), a 404
	 * (the model does not exist there), or any timeout. Requests the server refused as
	 * such (400, 401, 403, 422) would fail on every model and are not retried elsewhere.
	 */
	static boolean allows(Throwable failure) {
		if (failure instanceof NotFoundException || failure instanceof ApiTimeoutException) {
			return true;
		}
		return failure instanceof ChatCompletionsException known && known.isRetryable();
	}

	static String describe(Throwable failure) {
		if (failure instanceof ApiStatusException status) {
			return "HTTP " + status.statusCode() + " " + status.getClass().getSimpleName();
		}
		return failure.getClass().getSimpleName();
	}

}
