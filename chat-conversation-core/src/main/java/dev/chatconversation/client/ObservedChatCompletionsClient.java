package dev.chatconversation.client;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.chatconversation.client.model.ChatCompletion;
import dev.chatconversation.client.model.ChatCompletionChunk;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.provider.ProviderProfile;
import dev.chatconversation.observation.ChatClientObservationContext;
import dev.chatconversation.observation.ChatClientObservationConvention;
import dev.chatconversation.observation.ChatObservationDocumentation;
import dev.chatconversation.observation.DefaultChatClientObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Observes each call of a client as a {@code gen_ai.client.operation}, from subscription
 * until the response, the last chunk, an error or cancellation, a child of the
 * observation found in the subscriber's Reactor {@code Context} under
 * {@link ObservationThreadLocalAccessor#KEY} (a conversation turn, or a caller's).
 */
final class ObservedChatCompletionsClient implements ChatCompletionsClient {

	/**
	 * Counts the HTTP requests of an observed call, retries included: called by the
	 * {@code doOnRequest} hook of every client's {@code HttpClient}
	 * ({@link Credentials#beforeSend}), doing nothing outside an observed call.
	 * @param context the context of the call that sends the request
	 */
	static void attemptStarted(ContextView context) {
		ChatClientObservationContext observed = context.getOrDefault(ChatClientObservationContext.class, null);
		if (observed != null) {
			observed.attemptStarted();
		}
	}

	private static final DefaultChatClientObservationConvention DEFAULT_CONVENTION = new DefaultChatClientObservationConvention();

	private final ChatCompletionsClient delegate;

	private final ObservationRegistry registry;

	private final @Nullable ChatClientObservationConvention convention;

	private final ProviderProfile provider;

	ObservedChatCompletionsClient(ChatCompletionsClient delegate, ObservationRegistry registry,
			@Nullable ChatClientObservationConvention convention, ProviderProfile provider) {
		this.delegate = delegate;
		this.registry = registry;
		this.convention = convention;
		this.provider = provider;
	}

	@Override
	public Mono<ChatCompletion> create(ChatCompletionRequest request) {
		return Mono.deferContextual((subscriber) -> {
			ChatClientObservationContext context = context(request, false, subscriber);
			Observation observation = start(context, subscriber);
			AtomicBoolean stopped = new AtomicBoolean();
			return this.delegate.create(request)
				.doOnNext(context::completion)
				.doOnSuccess((completion) -> stop(observation, stopped, null))
				.doOnError((failure) -> stop(observation, stopped, failure))
				.doOnCancel(() -> cancel(context, observation, stopped))
				.contextWrite((inner) -> inner(inner, observation, context));
		});
	}

	@Override
	public Flux<ChatCompletionChunk> stream(ChatCompletionRequest request) {
		return Flux.deferContextual((subscriber) -> {
			ChatClientObservationContext context = context(request, true, subscriber);
			Observation observation = start(context, subscriber);
			AtomicBoolean stopped = new AtomicBoolean();
			return this.delegate.stream(request)
				.doOnNext(context::chunk)
				.doOnComplete(() -> stop(observation, stopped, null))
				.doOnError((failure) -> stop(observation, stopped, failure))
				.doOnCancel(() -> cancel(context, observation, stopped))
				.contextWrite((inner) -> inner(inner, observation, context));
		});
	}

	private ChatClientObservationContext context(ChatCompletionRequest request, boolean streaming,
			ContextView subscriber) {
		boolean content = (this.convention != null) ? this.convention.includesContent()
				: DEFAULT_CONVENTION.includesContent();
		ChatClientObservationContext context = new ChatClientObservationContext(request, this.provider.name(),
				streaming, content);
		Integer fallbacks = subscriber.getOrDefault(ChatClientObservationContext.FALLBACKS_KEY, null);
		context.fallbacks((fallbacks != null) ? fallbacks : 0);
		return context;
	}

	private Observation start(ChatClientObservationContext context, ContextView subscriber) {
		Observation parent = subscriber.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		return ChatObservationDocumentation.CLIENT_OPERATION
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.parentObservation(parent)
			.start();
	}

	private static Context inner(Context inner, Observation observation, ChatClientObservationContext context) {
		return inner.put(ObservationThreadLocalAccessor.KEY, observation)
			.put(ChatClientObservationContext.class, context);
	}

	private static void stop(Observation observation, AtomicBoolean stopped, @Nullable Throwable failure) {
		if (stopped.compareAndSet(false, true)) {
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
	}

	private static void cancel(ChatClientObservationContext context, Observation observation, AtomicBoolean stopped) {
		if (!stopped.get()) {
			context.cancelled();
			stop(observation, stopped, null);
		}
	}

	@Override
	public Builder mutate() {
		return this.delegate.mutate();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
