package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChatWebStreamingAutoConfiguration}: a WebFlux app on Reactor Netty
 * writes its streamed responses on each connection's event loop, whichever thread the
 * events come from (issue 18's workaround), unless the property turns it off.
 */
class ChatWebStreamingAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATION = AutoConfigurations
		.of(ChatWebStreamingAutoConfiguration.class);

	/** Where the events of the streams below come from: not a connection's loop. */
	private static final Scheduler FOREIGN = Schedulers.newSingle("foreign-events");

	@AfterAll
	static void disposeForeignThread() {
		FOREIGN.dispose();
	}

	@Test
	void whenTheAppRunsOnWebFluxThenItGetsTheFilter() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATION)
			.run((context) -> assertThat(context).hasSingleBean(ConnectionLoopStreamingFilter.class));
	}

	@Test
	void whenThePropertyTurnsItOffThenTheAppGetsNoFilter() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATION)
			.withPropertyValues("chat.web.stream-on-connection-loop=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionLoopStreamingFilter.class));
	}

	@Test
	void whenTheAppRunsOnSpringMvcOrIsNoWebAppThenItGetsNoFilter() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATION)
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionLoopStreamingFilter.class));
		new ApplicationContextRunner().withConfiguration(CONFIGURATION)
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionLoopStreamingFilter.class));
	}

	@Test
	void whenEventsComeFromAnotherThreadThenEachStreamIsWrittenOnItsConnectionsEventLoop() {
		Map<String, Set<String>> writers = stream(true, 6);
		assertThat(writers).hasSize(6);
		writers.forEach((stream, threads) -> {
			// the SSE writer encodes every event of a stream on one thread: the loop
			assertThat(threads).as("threads that encoded stream %s", stream)
				.singleElement()
				.asString()
				.startsWith("reactor-http-");
		});
	}

	@Test
	void whenTheWorkaroundIsOffThenTheEventsAreWrittenOnTheThreadTheyComeFrom() {
		// what the test above would see without the filter: the write runs on the
		// events' thread, racing the connection's loop
		Map<String, Set<String>> writers = stream(false, 2);
		assertThat(writers).hasSize(2)
			.allSatisfy((stream, threads) -> assertThat(threads)
				.anySatisfy((thread) -> assertThat(thread).startsWith("foreign-events")));
	}

	private static Map<String, Set<String>> stream(boolean workaround, int streams) {
		StreamingApp.writers.clear();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StreamingApp.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.web-application-type=reactive",
					"spring.main.banner-mode=off", "chat.web.stream-on-connection-loop=" + workaround,
					"spring.reactor.netty.shutdown-quiet-period=0s")
			.run()) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			WebClient client = WebClient.create("http://127.0.0.1:" + port);
			List<List<String>> bodies = Flux.range(0, streams)
				.flatMap((n) -> client.get()
					.uri("/pieces/{stream}", n)
					.accept(MediaType.TEXT_EVENT_STREAM)
					.retrieve()
					.bodyToFlux(String.class)
					.collectList())
				.collectList()
				.block(Duration.ofSeconds(30));
			assertThat(bodies).hasSize(streams)
				.allSatisfy((body) -> assertThat(body).hasSize(StreamingApp.PIECES)
					.allSatisfy((data) -> assertThat(data).contains("\"text\":\"piece ")));
		}
		return Map.copyOf(StreamingApp.writers);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class StreamingApp {

		static final int PIECES = 20;

		/** The threads that encoded each stream's events. */
		static final Map<String, Set<String>> writers = new ConcurrentHashMap<>();

		@GetMapping(path = "/pieces/{stream}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<Piece>> pieces(@PathVariable String stream) {
			return Flux.range(0, PIECES)
				.delayElements(Duration.ofMillis(2), FOREIGN)
				.map((n) -> ServerSentEvent.builder(new Piece(stream, "piece " + n)).event("delta").build());
		}

	}

	/**
	 * An event's payload that notes which thread serialized it: WebFlux's SSE writer
	 * encodes it where the writer runs.
	 */
	record Piece(String stream, String text) {

		@JsonProperty("text")
		public String text() {
			StreamingApp.writers.computeIfAbsent(this.stream, (key) -> ConcurrentHashMap.newKeySet())
				.add(Thread.currentThread().getName());
			return this.text;
		}

	}

}
