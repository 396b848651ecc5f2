package dev.chatconversation.soak;

import ch.qos.logback.classic.Logger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's leak check can fail: a buffer dropped without being released is reported,
 * both to the leak listener and in the detector's log.
 */
class LeakWatchTests {

	@Test
	void whenABufferIsCollectedWithoutBeingReleasedThenTheWatchReportsIt() {
		Logger detectorLog = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
		// the report is expected: keep it out of the build's output
		detectorLog.setAdditive(false);
		try (LeakWatch watch = new LeakWatch()) {
			dropWithoutRelease();
			for (int round = 0; round < 20 && watch.reports().size() < 2; round++) {
				watch.collect();
			}
			assertThat(watch.reports()).anyMatch((report) -> report.startsWith("ByteBuf: "))
				.anyMatch((report) -> report.contains("LEAK: ByteBuf.release() was not called"));
		}
		finally {
			detectorLog.setAdditive(true);
		}
	}

	private static void dropWithoutRelease() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
		buffer.writeInt(16);
	}

}
