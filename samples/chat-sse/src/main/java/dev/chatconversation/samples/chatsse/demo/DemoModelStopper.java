package dev.chatconversation.samples.chatsse.demo;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Stops the demo model server when the application's context closes, or when the
 * application fails to start.
 */
final class DemoModelStopper implements ApplicationListener<ApplicationEvent> {

	private final DemoModelServer server;

	DemoModelStopper(DemoModelServer server) {
		this.server = server;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		// a child context (such as a separate management server) closing must not stop it
		boolean rootClosed = event instanceof ContextClosedEvent closed
				&& closed.getApplicationContext().getParent() == null;
		if (rootClosed || event instanceof ApplicationFailedEvent) {
			this.server.stop();
		}
	}

}
