package dev.chatconversation.observation;

import java.util.stream.Collectors;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.Usage;
import dev.chatconversation.observation.ChatObservationDocumentation.ClientDetailKeyNames;
import dev.chatconversation.observation.ChatObservationDocumentation.ClientKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link ChatClientObservationConvention}: the name
 * {@value ChatObservationDocumentation.Names#CLIENT_OPERATION}, the contextual name
 * {@code chat <model>}, the low-cardinality tags of
 * {@link ChatObservationDocumentation.ClientKeyNames} and the high-cardinality ones of
 * {@link ChatObservationDocumentation.ClientDetailKeyNames}. The prompt and the reply are
 * left out unless it is {@linkplain #DefaultChatClientObservationConvention(boolean)
 * created to include content}.
 */
public class DefaultChatClientObservationConvention implements ChatClientObservationConvention {

	static final String NONE = "none";

	private final boolean includeContent;

	/**
	 * A convention that leaves message content out.
	 */
	public DefaultChatClientObservationConvention() {
		this(false);
	}

	/**
	 * A convention that includes message content, as high-cardinality key values, when
	 * told to.
	 * @param includeContent whether to put the prompt and the reply on observations
	 */
	public DefaultChatClientObservationConvention(boolean includeContent) {
		this.includeContent = includeContent;
	}

	@Override
	public boolean includesContent() {
		return this.includeContent;
	}

	@Override
	public String getName() {
		return ChatObservationDocumentation.Names.CLIENT_OPERATION;
	}

	@Override
	public String getContextualName(ChatClientObservationContext context) {
		String model = context.request().model();
		return (model != null) ? "chat " + model : "chat";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ChatClientObservationContext context) {
		Throwable error = context.getError();
		return KeyValues.of(ClientKeyNames.OPERATION_NAME.withValue("chat"),
				ClientKeyNames.PROVIDER_NAME.withValue(context.provider()),
				ClientKeyNames.REQUEST_MODEL.withValue(orNone(context.request().model())),
				ClientKeyNames.RESPONSE_MODEL.withValue(orNone(context.responseModel())),
				ClientKeyNames.FINISH_REASONS.withValue(context.finishReasons().isEmpty() ? NONE
						: context.finishReasons().stream().distinct().collect(Collectors.joining(","))),
				ClientKeyNames.ERROR_TYPE.withValue((error != null) ? error.getClass().getSimpleName() : NONE),
				ClientKeyNames.OUTCOME.withValue(outcome(error, context.isCancelled())),
				ClientKeyNames.STREAMING.withValue(String.valueOf(context.streaming())),
				ClientKeyNames.ATTEMPTS.withValue(String.valueOf(context.attempts())),
				ClientKeyNames.FALLBACKS.withValue(String.valueOf(context.fallbacks())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ChatClientObservationContext context) {
		KeyValues values = KeyValues.empty();
		ChatCompletionRequest request = context.request();
		values = and(values, ClientDetailKeyNames.RESPONSE_ID, context.responseId());
		values = and(values, ClientDetailKeyNames.TEMPERATURE, request.temperature());
		values = and(values, ClientDetailKeyNames.MAX_TOKENS,
				(request.maxCompletionTokens() != null) ? request.maxCompletionTokens() : request.maxTokens());
		Usage usage = context.usage();
		if (usage != null) {
			values = and(values, ClientDetailKeyNames.INPUT_TOKENS, usage.promptTokens());
			values = and(values, ClientDetailKeyNames.OUTPUT_TOKENS, usage.completionTokens());
		}
		if (this.includeContent) {
			values = and(values, ClientDetailKeyNames.PROMPT, prompt(request));
			values = and(values, ClientDetailKeyNames.COMPLETION, context.completionText());
		}
		return values;
	}

	static String outcome(@Nullable Throwable error, boolean cancelled) {
		if (error != null) {
			return "error";
		}
		return cancelled ? "cancelled" : "success";
	}

	private static String prompt(ChatCompletionRequest request) {
		return request.messages()
			.stream()
			.map((message) -> message.role() + ": " + message.text())
			.collect(Collectors.joining("\n"));
	}

	private static KeyValues and(KeyValues values, ClientDetailKeyNames key, @Nullable Object value) {
		return (value != null) ? values.and(KeyValue.of(key.asString(), value.toString())) : values;
	}

	private static String orNone(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : NONE;
	}

}
