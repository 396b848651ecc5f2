package dev.chatconversation.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: streams read the way an SSE writer reads them never stop mid-reply, also
 * while the JIT is cold. {@link StallReproduction} runs in a fresh JVM (the stall only
 * ever showed in the first round after a start) with a seeded mix of prefetches and
 * cancels, and a stream-idle timeout that turns a stall into a failure.
 */
class ColdStartStallTests {

	@Test
	void whenManyStreamsAreReadByAWriterInAFreshJvmThenNoneStallsOrFails() throws IOException, InterruptedException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(List.of(java, "-Dio.netty.leakDetection.level=paranoid",
				"-Dstall.idle=15000", "-cp", System.getProperty("java.class.path"), StallReproduction.class.getName(),
				"18", "200", "30", "10"))
			.redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		String report = new String(output, StandardCharsets.UTF_8);
		assertThat(report).contains("streams=200 ").contains(" stalls=0 failures=0").doesNotContain("LEAK");
		assertThat(process.exitValue()).as(report).isZero();
	}

}
