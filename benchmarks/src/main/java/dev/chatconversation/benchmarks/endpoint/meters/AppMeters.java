package dev.chatconversation.benchmarks.endpoint.meters;

import java.lang.management.ManagementFactory;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prints the app's port when its server starts (the benchmark reads it), and answers
 * {@code GET /bench/meters} with the process's CPU time and its heap in use, after full
 * collections when asked with {@code gc=true}.
 */
@RestController
public class AppMeters {

	/** The line the app prints with its port. */
	public static final String PORT_LINE = "APP_PORT=";

	private static final com.sun.management.OperatingSystemMXBean SYSTEM = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	@EventListener
	void started(WebServerInitializedEvent event) {
		System.out.println(PORT_LINE + event.getWebServer().getPort());
		System.out.flush();
	}

	@GetMapping("/bench/meters")
	Mono<Map<String, Long>> meters(@RequestParam(defaultValue = "false") boolean gc) {
		// collections take a while: off the event loop
		return Mono
			.fromCallable(
					() -> Map.of("heapBytes", gc ? heapAfterGc() : heap(), "cpuNanos", SYSTEM.getProcessCpuTime()))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private static long heap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long heapAfterGc() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, heap());
		}
		return used;
	}

}
