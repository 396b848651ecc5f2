package dev.chatconversation.autoconfigure;

import org.springframework.context.SmartLifecycle;

/**
 * Closes a store the starter built when the context stops: after the web server has
 * stopped (so no request uses it any more) and before the connection factory it was built
 * on (phase 0, as Spring Data Redis's), which would otherwise close its connection under
 * it.
 */
final class ConversationStoreCloser implements SmartLifecycle {

	private final AutoCloseable store;

	private volatile boolean running;

	ConversationStoreCloser(AutoCloseable store) {
		this.store = store;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.store.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not close the conversation store " + this.store, ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return 1;
	}

}
