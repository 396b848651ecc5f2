package dev.chatconversation.client;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak reports written while a test runs. Netty reports a leak when a later
 * allocation finds a collected, unreleased buffer, so {@link #stop()} collects garbage
 * and allocates before it reads them.
 */
final class LeakReports {

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");

	// Reactor Netty touches each buffer it hands to a receiver when this logger is on
	// DEBUG, so a report names the last receiver that held the buffer
	private final Logger receivers = (Logger) LoggerFactory.getLogger("_reactor.netty.channel.LeakDetection");

	private final ListAppender<ILoggingEvent> reports = new ListAppender<>();

	void start() {
		this.reports.start();
		this.logger.addAppender(this.reports);
		this.receivers.setLevel(Level.DEBUG);
	}

	/** Stops capturing and returns the leak reports, if any. */
	List<String> stop() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			System.runFinalization();
			PooledByteBufAllocator.DEFAULT.buffer(16).release();
			UnpooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
		}
		this.logger.detachAppender(this.reports);
		this.receivers.setLevel(null);
		synchronized (this.reports) {
			return this.reports.list.stream()
				.map(ILoggingEvent::getFormattedMessage)
				.filter((message) -> message.contains("LEAK"))
				.toList();
		}
	}

}
