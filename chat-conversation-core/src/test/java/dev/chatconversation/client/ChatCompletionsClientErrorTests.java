package dev.chatconversation.client;

import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.chatconversation.testfixture.FakeChatServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBufferLimitException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * HTTP error statuses and error bodies of every shape become typed exceptions (scenarios
 * 14 and 18).
 */
class ChatCompletionsClientErrorTests {

	@RegisterExtension
	final FakeChatServer server = new FakeChatServer();

	private final ChatCompletionsClient client = ChatCompletionsClient.builder()
		.baseUrl(this.server.baseUrl())
		.apiKey("sk-test-0123456789")
		.build();

	static Stream<Arguments> errorBodies() {
		return Stream.of(
				arguments("OpenAI context length", 400,
						Payloads.fixture("openai/error-400-context-length-exceeded.json"), BadRequestException.class,
						error("This model's maximum context length is 4097 tokens", "invalid_request_error",
								"context_length_exceeded", "messages")),
				arguments("DeepSeek context length", 400, Payloads.fixture("deepseek/error-400-context-length.json"),
						BadRequestException.class,
						error("maximum context length is 131072 tokens", "invalid_request_error",
								"invalid_request_error", null)),
				arguments("unsupported parameter", 400, Payloads.fixture("openai/error-400-unsupported-parameter.json"),
						BadRequestException.class,
						error("Unsupported parameter: 'max_tokens'", "invalid_request_error", "unsupported_parameter",
								"max_tokens")),
				arguments("invalid key", 401, Payloads.fixture("openai/error-401-invalid-api-key.json"),
						AuthenticationException.class,
						error("Incorrect API key provided", "invalid_request_error", "invalid_api_key", null)),
				arguments("forbidden", 403, "{\"error\":{\"message\":\"Project not allowed\",\"type\":\"permission\"}}",
						PermissionDeniedException.class, error("Project not allowed", "permission", null, null)),
				arguments("model not found", 404, Payloads.fixture("openai/error-404-model-not-found.json"),
						NotFoundException.class,
						error("The model: `gpt-4` does not exist", "invalid_request_error", "model_not_found", null)),
				arguments("Mistral extra_forbidden", 422, """
						{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","store"],\
						"msg":"Extra inputs are not permitted","input":false}]},"type":"invalid_request_error",\
						"param":null,"code":null}""", UnprocessableEntityException.class,
						error("extra_forbidden", "invalid_request_error", null, null)),
				arguments("rate limit", 429, Payloads.fixture("openai/error-429-rate-limit-tokens-legacy.json"),
						RateLimitException.class,
						error("Rate limit reached for 10KTPM-200RPM", "tokens", "rate_limit_exceeded", null)),
				arguments("overloaded", 503, Payloads.fixture("openai/error-503-overloaded.json"),
						InternalServerException.class,
						error("That model is currently overloaded", "server_error", null, null)),
				arguments("Gemini array", 400, Payloads.fixture("gemini/error-400-array-unknown-field.json"),
						BadRequestException.class,
						error("Unknown name \"web_search_options\"", "INVALID_ARGUMENT", "400", null)),
				arguments("Ollama string", 503, Payloads.fixture("ollama/error-503-overloaded.json"),
						InternalServerException.class,
						error("Server overloaded, please retry shortly", null, null, null)),
				arguments("HTML proxy page", 502, """
						<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>
						<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>""",
						InternalServerException.class,
						error("502 Bad Gateway 502 Bad Gateway nginx", null, null, null)),
				arguments("request timeout", 408, "", ApiStatusException.class, error(null, null, null, null)),
				arguments("conflict", 409, "{\"error\":\"busy\"}", ConflictException.class,
						error("busy", null, null, null)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errorBodies")
	void whenTheServerAnswersAnErrorStatusThenCreateFailsWithItsTypedException(String name, int status, String body,
			Class<? extends ApiStatusException> type, ApiError expected) {
		this.server.reply(FakeChatServer.json(status, body, "x-request-id", "req_123"));
		ChatCompletionsClient client = this.client.mutate().retryPolicy(RetryPolicy.NONE).build();
		StepVerifier.create(client.create(Payloads.request()))
			.expectErrorSatisfies(statusError(status, type, expected))
			.verify();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errorBodies")
	void whenTheServerAnswersAnErrorStatusThenStreamFailsWithTheSameTypedException(String name, int status, String body,
			Class<? extends ApiStatusException> type, ApiError expected) {
		this.server.reply(FakeChatServer.json(status, body, "x-request-id", "req_123"));
		ChatCompletionsClient client = this.client.mutate().retryPolicy(RetryPolicy.NONE).build();
		StepVerifier.create(client.stream(Payloads.request()))
			.expectErrorSatisfies(statusError(status, type, expected))
			.verify();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "openai/error-400-context-length-exceeded.json", "deepseek/error-400-context-length.json" })
	void whenThePromptIsTooLongThenTheBadRequestSaysContextLengthExceeded(String fixture) {
		this.server.reply(FakeChatServer.json(400, Payloads.fixture(fixture)));
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure)
				.asInstanceOf(InstanceOfAssertFactories.type(BadRequestException.class))
				.satisfies((bad) -> assertThat(bad.isContextLengthExceeded()).isTrue()))
			.verify();
	}

	@Test
	void whenAnotherBadRequestArrivesThenItIsNotAContextLengthError() {
		this.server.reply(FakeChatServer.json(400, Payloads.fixture("openai/error-400-unsupported-parameter.json")));
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies(
					(failure) -> assertThat(((BadRequestException) failure).isContextLengthExceeded()).isFalse())
			.verify();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 422 })
	void whenTheStatusIsNotRetryableThenExactlyOneRequestIsSent(int status) {
		this.server.reply(FakeChatServer.json(status, "{\"error\":{\"message\":\"no\"}}"));
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ApiStatusException.class)
				.satisfies((exception) -> assertThat(((ApiStatusException) exception).attempts()).isOne()))
			.verify();
		StepVerifier.create(this.client.stream(Payloads.request())).expectError(ApiStatusException.class).verify();
		assertThat(this.server.requestCount()).isEqualTo(2);
	}

	@Test
	void whenTheErrorBodyIsEmptyThenTheMessageSaysSo() {
		this.server.reply(FakeChatServer.json(500, ""));
		StepVerifier.create(this.client.mutate().retryPolicy(RetryPolicy.NONE).build().create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(InternalServerException.class)
				.hasMessageContaining("HTTP 500 Internal Server Error")
				.hasMessageContaining("empty body"))
			.verify();
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "html" })
	void whenTheErrorBodyIsTwoMegabytesThenTheExceptionIsTypedAndItsMessageTruncated(String shape) {
		String huge = Payloads.filler(2 * 1024 * 1024);
		String body = shape.equals("json") ? "{\"error\":{\"message\":\"" + huge + "\"}}"
				: "<html><body>" + huge + "</body></html>";
		this.server.reply(FakeChatServer.json(500, body), FakeChatServer.json(200, Payloads.completion("after")));
		StepVerifier.create(this.client.mutate().retryPolicy(RetryPolicy.NONE).build().create(Payloads.request()))
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(InternalServerException.class).hasMessageContaining("HTTP 500");
				assertThat(failure.getMessage()).hasSizeLessThan(ApiErrors.MAX_MESSAGE_LENGTH + 200);
				assertThat(failure).hasNoCause();
				assertThat(((ChatCompletionsException) failure).error().message()).endsWith("…");
			})
			.verify();
		StepVerifier.create(this.client.create(Payloads.request()))
			.assertNext((completion) -> assertThat(completion.choices()).hasSize(1))
			.verifyComplete();
	}

	@Test
	void whenTheErrorBodyIsLargerThanTheResponseLimitThenNoBufferLimitErrorEscapes() {
		this.server.reply(FakeChatServer.json(503, Payloads.filler(300_000)));
		ChatCompletionsClient small = this.client.mutate()
			.retryPolicy(RetryPolicy.NONE)
			.maxResponseSize(100_000)
			.build();
		StepVerifier.create(small.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(InternalServerException.class)
				.hasNoCause()
				.isNotInstanceOf(DataBufferLimitException.class))
			.verify();
	}

	@Test
	void whenTheRequestIdComesAsRequestIdHeaderThenItIsKeptToo() {
		this.server.reply(FakeChatServer.json(404, "{}", "request-id", "req_alt"));
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies(
					(failure) -> assertThat(((ChatCompletionsException) failure).requestId()).isEqualTo("req_alt"))
			.verify();
	}

	@Test
	void whenA200CompletionCarriesAnErrorObjectThenCreateFailsWithAStreamError() {
		this.server.reply(FakeChatServer.json(200,
				"{\"error\":{\"message\":\"upstream failed\",\"type\":\"server_error\"}}", "x-request-id", "req_9"));
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StreamErrorException.class)
				.hasMessageContaining("upstream failed")
				.satisfies(
						(exception) -> assertThat(((StreamErrorException) exception).requestId()).isEqualTo("req_9")))
			.verify();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[1,2]" })
	void whenA200CompletionIsNotACompletionThenCreateFailsWithADecodingError(String body) {
		this.server.reply(FakeChatServer.json(200, body));
		StepVerifier.create(this.client.create(Payloads.request()))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(ResponseDecodingException.class)
				.satisfies(
						(exception) -> assertThat(((ResponseDecodingException) exception).statusCode()).isEqualTo(200)))
			.verify();
		assertThat(this.server.requestCount()).isOne();
	}

	private static ApiError error(String message, String type, String code, String param) {
		return new ApiError(message, type, code, param);
	}

	private static Consumer<Throwable> statusError(int status, Class<? extends ApiStatusException> type,
			ApiError expected) {
		return (failure) -> {
			assertThat(failure).isExactlyInstanceOf(type);
			ApiStatusException exception = (ApiStatusException) failure;
			assertThat(exception.statusCode()).isEqualTo(status);
			assertThat(exception.requestId()).isEqualTo("req_123");
			assertThat(exception.attempts()).isOne();
			assertThat(exception.getMessage()).startsWith("HTTP " + status)
				.contains("/v1/chat/completions")
				.contains("request id req_123");
			if (expected.message() != null) {
				assertThat(exception.error().message()).contains(expected.message());
				assertThat(exception.getMessage()).contains(expected.message());
			}
			else {
				assertThat(exception.error().message()).isNull();
			}
			assertThat(exception.error().type()).isEqualTo(expected.type());
			assertThat(exception.error().code()).isEqualTo(expected.code());
			assertThat(exception.error().param()).isEqualTo(expected.param());
		};
	}

}
