package dev.chatconversation.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.RequestOptions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The {@link WebClient}-backed {@link ChatCompletionsClient}.
 */
final class DefaultChatCompletionsClient implements ChatCompletionsClient {

	private static final int MAX_ERROR_BODY = 64 * 1024;

	private final ClientSettings settings;

	private final Builder origin;

	private final WebClient webClient;

	private final @Nullable ConnectionProvider ownPool;

	private final @Nullable Credentials credentials;

	private final ChatExceptions exceptions;

	private final RetryStrategy retry;

	private final ResponseReader responses;

	DefaultChatCompletionsClient(Builder builder) {
		this.settings = ClientSettings.from(builder);
		this.origin = copy(builder);
		this.credentials = Credentials.of(this.settings.provider(), this.settings.apiKey());
		boolean defaults = builder.httpClient == null && builder.webClientBuilder == null
				&& builder.clientConnector == null && builder.maxConnections == null;
		this.ownPool = (builder.httpClient != null || builder.maxConnections == null) ? null
				: ConnectionPools.create(this.settings.maxConnections());
		this.webClient = defaults ? SharedWebClients.forConnectTimeout(this.settings.timeouts().connect())
				: webClient(builder);
		this.exceptions = new ChatExceptions(new SecretRedactor(this.settings.apiKey()), this.settings.endpoint(),
				this.settings.timeouts().connect());
		this.retry = new RetryStrategy(this.settings.retryPolicy());
		this.responses = new ResponseReader(this.exceptions, this.settings.maxResponseSize());
	}

	/**
	 * A {@code WebClient} of this client's own, for settings that the shared ones do not
	 * have: a user's {@code WebClient.Builder}, {@code HttpClient} or connector, or a
	 * pool of its own.
	 */
	private WebClient webClient(Builder builder) {
		HttpClient http = (builder.httpClient != null) ? builder.httpClient
				: SharedWebClients.withConnectTimeout(
						HttpClient.create((this.ownPool != null) ? this.ownPool : ConnectionPools.shared())
							.runOn(ConnectionPools.loops()),
						this.settings.timeouts().connect());
		WebClient.Builder web = (builder.webClientBuilder != null) ? builder.webClientBuilder.clone()
				: WebClient.builder();
		HttpClient sent = CallConnection.observe(http.doOnRequest(Credentials::beforeSend));
		return web
			.clientConnector((builder.clientConnector != null) ? builder.clientConnector.apply(sent)
					: new ReactorClientHttpConnector(sent))
			.build();
	}

	@Override
	public Mono<ChatCompletion> create(ChatCompletionRequest original) {
		Mono<ChatCompletion> call = Mono.defer(() -> {
			ChatCompletionRequest request = this.settings.provider().adapt(original);
			byte[] body = RequestEncoder.encode(request, false);
			StreamWatchdog watchdog = new StreamWatchdog(timeouts(request.options()));
			CallConnection connection = new CallConnection();
			return connection
				.around(attempts(() -> createOnce(body, request, watchdog, connection).flux(), watchdog, connection, 0))
				.single();
		});
		return (this.credentials != null) ? call.contextWrite(this.credentials.context()) : call;
	}

	@Override
	public Flux<ChatCompletionChunk> stream(ChatCompletionRequest original) {
		Flux<ChatCompletionChunk> call = Flux.defer(() -> {
			ChatCompletionRequest request = this.settings.provider().adapt(original);
			byte[] body = RequestEncoder.encode(request, true);
			StreamWatchdog watchdog = new StreamWatchdog(timeouts(request.options()));
			CallConnection connection = new CallConnection();
			return connection
				.around(attempts(() -> streamOnce(body, request, watchdog, connection), watchdog, connection, 0));
		});
		return (this.credentials != null) ? call.contextWrite(this.credentials.context()) : call;
	}

	/**
	 * Runs attempts until one succeeds or the retry policy gives up. Each retry adds one
	 * light subscriber, where a {@code retryWhen} would set up a companion publisher on
	 * every call; the wait before a retry still counts against the total timeout. A
	 * request lost on a pooled connection the server had closed is retried at once, once
	 * per call, outside the retry budget ({@link CallConnection}).
	 */
	private <T> Flux<T> attempts(Supplier<Flux<T>> attempt, StreamWatchdog watchdog, CallConnection connection,
			int retries) {
		return attempt.get().onErrorResume((failure) -> {
			if (!watchdog.hasDelivered() && connection.retryAtOnce(failure)) {
				return attempts(attempt, watchdog, connection, retries);
			}
			Duration delay = this.retry.nextDelay(failure, retries, !watchdog.hasDelivered());
			if (connection.freeRetryTaken() && failure instanceof ChatCompletionsException counted) {
				counted.recordAttempts(retries + 2);
			}
			if (delay == null) {
				return Flux.error(failure);
			}
			return failWhen(Mono.delay(delay).flux(), watchdog.alarm(false))
				.thenMany(Flux.defer(() -> attempts(attempt, watchdog, connection, retries + 1)));
		});
	}

	private Mono<ChatCompletion> createOnce(byte[] body, ChatCompletionRequest request, StreamWatchdog watchdog,
			CallConnection connection) {
		Mono<ChatCompletion> call = send(body, request, false).exchangeToMono((response) -> {
			watchdog.responseStarted();
			if (response.statusCode().isError()) {
				return errorOf(response);
			}
			return this.responses.completion(response);
		});
		// singleOrEmpty, not next: next cancels the call after its value, which would
		// count as a cancel of a finished exchange
		return failWhen(connection.closingOnCancel(call.flux()).singleOrEmpty(), attemptAlarm(watchdog))
			.onErrorMap((failure) -> this.exceptions.translate(failure, null));
	}

	private Flux<ChatCompletionChunk> streamOnce(byte[] body, ChatCompletionRequest request, StreamWatchdog watchdog,
			CallConnection connection) {
		Flux<ChatCompletionChunk> call = send(body, request, true).exchangeToFlux((response) -> {
			watchdog.responseStarted();
			if (response.statusCode().isError()) {
				return this.<ChatCompletionChunk>errorOf(response).flux();
			}
			String requestId = ChatExceptions.requestId(response.headers().asHttpHeaders());
			return new ChunkFlux(response.body(BodyExtractors.toDataBuffers()), this.settings.maxResponseSize(),
					watchdog, this.exceptions, requestId);
		});
		return failWhen(connection.closingOnCancel(call), attemptAlarm(watchdog))
			.onErrorMap((failure) -> this.exceptions.translate(failure, null));
	}

	private static Mono<Object> attemptAlarm(StreamWatchdog watchdog) {
		return Mono.defer(() -> {
			watchdog.attemptStarted();
			return watchdog.alarm(true);
		});
	}

	private <T> Mono<T> errorOf(ClientResponse response) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		return this.responses.errorBody(response, MAX_ERROR_BODY)
			.defaultIfEmpty(new byte[0])
			.flatMap((bytes) -> Mono.error(this.exceptions.fromStatus(status, headers, bytes)));
	}

	private WebClient.RequestHeadersSpec<?> send(byte[] body, ChatCompletionRequest request, boolean stream) {
		return this.webClient.post()
			.uri(endpoint(request.options()))
			.headers((headers) -> headers(headers, request.options()))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(stream ? MediaType.TEXT_EVENT_STREAM : MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	private java.net.URI endpoint(RequestOptions options) {
		if (options.extraQuery().isEmpty()) {
			return this.settings.endpoint();
		}
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(this.settings.endpoint());
		// strict encoding: template encoding would leave '+' as is, which servers read as
		// a space
		options.extraQuery()
			.forEach((name, value) -> uri.queryParam(UriUtils.encode(name, StandardCharsets.UTF_8),
					UriUtils.encode(value, StandardCharsets.UTF_8)));
		return uri.build(true).toUri();
	}

	private void headers(HttpHeaders headers, RequestOptions options) {
		if (this.settings.organization() != null) {
			headers.set("OpenAI-Organization", this.settings.organization());
		}
		if (this.settings.project() != null) {
			headers.set("OpenAI-Project", this.settings.project());
		}
		this.settings.defaultHeaders().forEach(headers::set);
		options.extraHeaders().forEach(headers::set);
	}

	private Timeouts timeouts(RequestOptions options) {
		Timeouts timeouts = this.settings.timeouts();
		Duration total = options.timeout();
		return (total != null) ? timeouts.withTotal(total) : timeouts;
	}

	/**
	 * Fails a single-valued {@code call} with the error of {@code limit}: whichever
	 * signals first wins and cancels the other before its signal goes on, so a timed-out
	 * exchange is cancelled (and its connection closed) first. One operator per call,
	 * where the streaming form needs four, since a stream's limit outlives its first
	 * item.
	 */
	private static <T> Mono<T> failWhen(Mono<T> call, Mono<?> limit) {
		return Mono.firstWithSignal(call, limit.then(Mono.never()));
	}

	/**
	 * Fails {@code call} with the error of {@code limit}, cancelling {@code call} first
	 * so that its exchange and connection close. ({@code takeUntilOther} passes an error
	 * of the other publisher on without cancelling the main one, which left timed-out
	 * exchanges running with their connections open.)
	 */
	private static <T> Flux<T> failWhen(Flux<T> call, Mono<?> limit) {
		return Flux.defer(() -> {
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Mono<Throwable> failed = limit.then(Mono.<Throwable>never()).onErrorResume((ex) -> {
				failure.set(ex);
				return Mono.just(ex);
			});
			return call.takeUntilOther(failed)
				.concatWith(Mono.defer(() -> (failure.get() != null) ? Mono.error(failure.get()) : Mono.empty()));
		});
	}

	@Override
	public Builder mutate() {
		return copy(this.origin);
	}

	@Override
	public void close() {
		if (this.ownPool != null) {
			this.ownPool.dispose();
		}
	}

	private static Builder copy(Builder source) {
		Builder copy = ChatCompletionsClient.builder();
		copy.baseUrl = source.baseUrl;
		copy.apiKey = source.apiKey;
		copy.organization = source.organization;
		copy.project = source.project;
		copy.defaultHeaders.putAll(source.defaultHeaders);
		copy.webClientBuilder = source.webClientBuilder;
		copy.httpClient = source.httpClient;
		copy.clientConnector = source.clientConnector;
		copy.timeouts = source.timeouts;
		copy.retryPolicy = source.retryPolicy;
		copy.maxResponseSize = source.maxResponseSize;
		copy.maxConnections = source.maxConnections;
		copy.provider = source.provider;
		copy.observationRegistry = source.observationRegistry;
		copy.observationConvention = source.observationConvention;
		return copy;
	}

	@Override
	public String toString() {
		return "ChatCompletionsClient[" + this.settings + "]";
	}

}
