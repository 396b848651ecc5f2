package dev.chatconversation.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.chatconversation.testfixture.FakeChatServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key never leaks into exception messages, stack traces, {@code toString()} or
 * logs at any level, even when the server echoes it (scenario 30, invariant I6).
 */
class ChatCompletionsClientSecretTests {

	private static final String KEY = SecretRedactorTests.GROQ_KEY;

	private static final List<String> LOGGERS = List.of("reactor.netty", "io.netty", "org.springframework",
			"dev.chatconversation");

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey(KEY)
		.retryPolicy(RetryPolicy.NONE)
		.build();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final List<String> texts = new ArrayList<>();

	@BeforeEach
	void captureEveryLogLevel() {
		this.logs.start();
		for (String name : LOGGERS) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			logger.setLevel(Level.TRACE);
			logger.setAdditive(false);
			logger.addAppender(this.logs);
		}
	}

	@AfterEach
	void restoreLogLevels() {
		for (String name : LOGGERS) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			logger.detachAppender(this.logs);
			logger.setAdditive(true);
			logger.setLevel(null);
		}
	}

	@Test
	void whenA401EchoesTheKeyThenNeitherTheExceptionNorItsStackTraceContainsIt() {
		this.server.reply(FakeChatServer.json(401, """
				{"error":{"message":"Incorrect API key provided: %s. Did you mean gsk_abcde***6789?",\
				"type":"invalid_request_error","param":"%s","code":"%s"}}""".formatted(KEY, KEY, KEY)));
		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies((failure) -> {
			assertThat(failure).isInstanceOf(AuthenticationException.class)
				.hasMessageContaining("Incorrect API key provided: ***");
			collect(failure);
		}).verify();
		assertThat(this.server.exchanges().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
		assertNoKeyIn(this.texts);
		assertNoKeyInLogs();
	}

	@Test
	void whenTheClientAndItsSettingsArePrintedThenTheKeyIsNot() {
		ChatCompletionsClient.Builder builder = this.client.mutate();
		this.texts.add(this.client.toString());
		this.texts.add(ClientSettings.from(builder).toString());
		this.texts.add(builder.toString());
		this.texts.add(builder.build().toString());
		assertThat(this.client.toString()).contains("apiKey=******").contains(this.server.baseUrl());
		assertNoKeyIn(this.texts);
	}

	@Test
	void whenCallsSucceedOrFailInEveryWayThenNoLogLineOrExceptionContainsTheKey() throws IOException {
		String echo = "{\"echo\": " + KEY + "}";
		this.server.reply(FakeChatServer.json(200, Payloads.completion("Hello")),
				FakeChatServer.stream(Flux.just(Payloads.chunk("Hi"), Payloads.finish(), Payloads.DONE)),
				FakeChatServer.json(200, echo), FakeChatServer.stream(Flux.just("data: " + echo + "\n\n")),
				FakeChatServer.stream(Flux.just("data: {\"error\":{\"message\":\"bad key " + KEY + "\"}}\n\n")),
				FakeChatServer.json(502, "<html><body>upstream rejected " + KEY + "</body></html>"),
				FakeChatServer.json(200, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}"));
		StepVerifier.create(this.client.create(Payloads.request())).expectNextCount(1).verifyComplete();
		StepVerifier.create(this.client.stream(Payloads.request())).expectNextCount(2).verifyComplete();
		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies(this::collect).verify();
		StepVerifier.create(this.client.stream(Payloads.request())).expectErrorSatisfies(this::collect).verify();
		StepVerifier.create(this.client.stream(Payloads.request())).expectErrorSatisfies(this::collect).verify();
		StepVerifier.create(this.client.create(Payloads.request())).expectErrorSatisfies(this::collect).verify();
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StreamErrorException.class)
				.hasMessageContaining("bad key ***")
				.satisfies(this::collect))
			.verify();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ChatCompletionsClient refused = this.client.mutate().baseUrl("http://127.0.0.1:" + closedPort + "/v1").build();
		StepVerifier.create(refused.create(Payloads.request())).expectErrorSatisfies(this::collect).verify();
		assertNoKeyIn(this.texts);
		assertNoKeyInLogs();
	}

	@Test
	void whenWebClientLogsRequestDetailsThenItsLogLinesHoldNoKey() {
		// what spring.codec.log-request-details=true does to Spring Boot's
		// WebClient.Builder
		ChatCompletionsClient detailed = this.client.mutate()
			.webClientBuilder(
					WebClient.builder().codecs((codecs) -> codecs.defaultCodecs().enableLoggingRequestDetails(true)))
			.build();
		this.server.reply(FakeChatServer.json(200, Payloads.completion("Hello")),
				FakeChatServer.stream(Flux.just(Payloads.chunk("Hi"), Payloads.finish(), Payloads.DONE)));
		StepVerifier.create(detailed.create(Payloads.request())).expectNextCount(1).verifyComplete();
		StepVerifier.create(detailed.stream(Payloads.request())).expectNextCount(2).verifyComplete();
		assertThat(this.server.exchanges())
			.allSatisfy((exchange) -> assertThat(exchange.header("Authorization")).isEqualTo("Bearer " + KEY));
		List<String> headerLines = formattedLogLines().stream()
			.filter((line) -> line.contains("HTTP POST") && line.contains("headers="))
			.toList();
		assertThat(headerLines).as("WebClient's request lines with headers").isNotEmpty();
		assertThat(headerLines).allSatisfy((line) -> assertThat(line).contains("Content-Type"));
		assertNoKeyInLogs();
	}

	private void collect(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		this.texts.add(failure.toString());
		this.texts.add(trace.toString());
		if (failure instanceof ChatCompletionsException exception) {
			this.texts.add(String.valueOf(exception.error()));
		}
	}

	private void assertNoKeyInLogs() {
		assertNoKeyIn(formattedLogLines());
	}

	private List<String> formattedLogLines() {
		List<ILoggingEvent> events;
		synchronized (this.logs) {
			// the appender appends under this lock, from Netty threads too
			events = List.copyOf(this.logs.list);
		}
		assertThat(events).as("captured log events").isNotEmpty();
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : events) {
			lines.add(event.getFormattedMessage());
			if (event.getThrowableProxy() != null) {
				lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
			}
		}
		return lines;
	}

	private static void assertNoKeyIn(List<String> texts) {
		assertThat(texts).allSatisfy((text) -> assertThat(SecretRedactorTests.longestRunOf(KEY, text))
			.as("longest run of the key in: %s", text)
			.isLessThanOrEqualTo(4));
	}

}
