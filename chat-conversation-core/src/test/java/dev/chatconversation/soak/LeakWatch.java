package dev.chatconversation.soak;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak reports during the soak, caught two ways: a leak listener (called for
 * every buffer collected without being released) and the detector's log, which also
 * reports other tracked resources. Leak detection is set to paranoid here as well as by
 * the build's {@code argLine}, so the soak cannot run without it.
 */
final class LeakWatch implements AutoCloseable {

	private final List<String> reports = new CopyOnWriteArrayList<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();

	LeakWatch() {
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		ByteBufUtil.setLeakListener((type, records) -> this.reports.add(type + ": " + records));
		this.log.start();
		this.logger.addAppender(this.log);
	}

	/**
	 * Collects garbage and allocates, a few rounds: a leak is reported when an allocation
	 * finds a buffer that was collected without being released.
	 */
	void collect() {
		for (int i = 0; i < 5; i++) {
			System.gc();
			PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
			PooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
			UnpooledByteBufAllocator.DEFAULT.directBuffer(16).release();
			UnpooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
		}
	}

	/** Every leak reported so far, by the listener or in the log. */
	List<String> reports() {
		List<String> logged;
		synchronized (this.log) {
			logged = this.log.list.stream()
				.map(ILoggingEvent::getFormattedMessage)
				.filter((message) -> message.contains("LEAK"))
				.toList();
		}
		return Stream.concat(this.reports.stream(), logged.stream()).toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.log);
		ByteBufUtil.setLeakListener(null);
		ResourceLeakDetector.setLevel(this.level);
	}

}
