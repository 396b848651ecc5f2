package dev.chatconversation.client;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

	/**
	 * Stops capturing and returns the leak reports of buffers that left Netty's HTTP
	 * codec, if any. A report whose every access record lies in Netty itself is of a
	 * buffer that no receiver of Reactor Netty, Spring or the library ever held (Reactor
	 * Netty's receiver touches each buffer it is handed, see above): a read buffer that
	 * the codec's own clean-up lost when a connection closed as it was read, which
	 * Reactor Netty occasionally does when a call is cancelled just as its response
	 * arrives. Such reports are printed, not returned; a buffer that the library leaks
	 * has a derived buffer's report with the library's own access records, which is
	 * returned.
	 */
	List<String> stop() {
		Map<Boolean, List<String>> byNettyOnly = all().stream()
			.collect(Collectors.partitioningBy(LeakReports::neverLeftNetty));
		byNettyOnly.get(true)
			.forEach((report) -> System.err.println("A buffer never handed on by Netty's HTTP codec leaked "
					+ "(below Reactor Netty's receivers, not counted): " + report));
		return byNettyOnly.get(false);
	}

	/** Whether every access record of a leak report is in Netty or the JDK. */
	private static boolean neverLeftNetty(String report) {
		return report.lines()
			.map(String::strip)
			.noneMatch((line) -> line.startsWith("dev.chatconversation.") || line.startsWith("org.springframework.")
					|| line.startsWith("reactor.")
					|| (line.startsWith("Hint:") && !line.startsWith("Hint: 'reactor.left.")));
	}

	private List<String> all() {
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
