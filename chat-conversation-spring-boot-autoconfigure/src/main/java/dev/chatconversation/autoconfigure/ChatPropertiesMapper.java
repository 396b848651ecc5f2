package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.chatconversation.autoconfigure.ChatConnectionProperties.Options;
import dev.chatconversation.client.ChatCompletionsClient;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.client.provider.ProviderProfile;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.util.unit.DataSize;

/**
 * Turns {@link ChatProperties} into validated {@link ChatConnectionSettings}: the one
 * place where defaults meet properties and where a named connection inherits what it
 * leaves unset.
 */
final class ChatPropertiesMapper {

	private final ChatProperties properties;

	ChatPropertiesMapper(ChatProperties properties) {
		this.properties = properties;
	}

	ChatConnectionSettings defaultConnection() {
		return map(ChatConnectionSettings.DEFAULT, "chat.", this.properties, true);
	}

	/**
	 * The default connection's settings for conversations, also when the application
	 * supplies its own client and {@code chat.base-url} is not set.
	 */
	ChatConnectionSettings conversationDefaults() {
		return map(ChatConnectionSettings.DEFAULT, "chat.", this.properties, this.properties.getBaseUrl() != null);
	}

	/**
	 * The models the default client tries in order when a model fails, from
	 * {@code chat.fallback-models}.
	 */
	List<String> fallbackModels() {
		List<String> models = this.properties.getFallbackModels();
		for (int i = 0; i < models.size(); i++) {
			String model = models.get(i);
			if (model == null || model.isBlank()) {
				throw new InvalidChatPropertiesException("chat.fallback-models[" + i + "]", model,
						"a fallback model cannot be blank",
						"Set each of chat.fallback-models to a model such as gpt-4o-mini, or to "
								+ "<connection>/<model> for a model of a named connection.");
			}
		}
		return models.stream().map(String::strip).toList();
	}

	Map<String, ChatConnectionSettings> namedConnections() {
		Map<String, ChatConnectionSettings> named = new LinkedHashMap<>();
		this.properties.getConnections()
			.forEach((name, connection) -> named.put(name,
					map(name, "chat.connections." + name + ".", connection, true)));
		return named;
	}

	private ChatConnectionSettings map(String name, String prefix, ChatConnectionProperties own,
			boolean requireBaseUrl) {
		ChatConnectionProperties base = this.properties;
		ProviderProfile provider = ConnectionProviders.provider(prefix, own, base);
		// a connection to another provider must not get the default's key or headers
		ChatConnectionProperties endpoint = ConnectionProviders.sameProvider(own, base) ? base
				: new ChatConnectionProperties();
		String baseUrl = pick(own, endpoint, ChatConnectionProperties::getBaseUrl);
		if (baseUrl == null) {
			baseUrl = provider.defaultBaseUrl();
		}
		if (!requireBaseUrl && baseUrl == null) {
			baseUrl = "";
		}
		else if (baseUrl == null || baseUrl.isBlank()) {
			throw ConnectionProviders.missingBaseUrl(prefix, provider);
		}
		String model = pick(own, base, ChatConnectionProperties::getModel);
		if (model == null || model.isBlank()) {
			throw new InvalidChatPropertiesException(prefix + "model", null, "a connection needs a model",
					"Set " + prefix + "model to the model to use, for example gpt-4o-mini or llama3.2.");
		}
		Map<String, String> headers = new LinkedHashMap<>(endpoint.getHeaders());
		headers.putAll(own.getHeaders());
		DataSize maxResponseSize = pick(own, base, ChatConnectionProperties::getMaxResponseSize);
		Integer maxConnections = pick(own, base, ChatConnectionProperties::getMaxConnections);
		requirePositive(origin(prefix, own.getMaxResponseSize()) + "max-response-size", maxResponseSize,
				(maxResponseSize != null) ? maxResponseSize.toBytes() : 1);
		requirePositive(origin(prefix, own.getMaxConnections()) + "max-connections", maxConnections,
				(maxConnections != null) ? maxConnections : 1);
		ChatConnectionSettings settings = new ChatConnectionSettings(name, baseUrl.strip(),
				pick(own, endpoint, ChatConnectionProperties::getApiKey),
				pick(own, endpoint, ChatConnectionProperties::getOrganization),
				pick(own, endpoint, ChatConnectionProperties::getProject), Map.copyOf(headers),
				timeouts(prefix, own, base), retryPolicy(prefix, own, base),
				(maxResponseSize != null) ? (int) Math.min(Integer.MAX_VALUE, maxResponseSize.toBytes()) : null,
				maxConnections, requestDefaults(prefix, model, own, base),
				pick(own, base, ChatConnectionProperties::getSystemPrompt), provider);
		if (requireBaseUrl) {
			validateClient(prefix, settings);
		}
		return settings;
	}

	private static void validateClient(String prefix, ChatConnectionSettings settings) {
		try {
			ChatCompletionsClient.validateBaseUrl(settings.baseUrl());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidChatPropertiesException(prefix + "base-url", settings.baseUrl(), ex.getMessage(),
					"Set " + prefix + "base-url to an absolute http or https URL with its version path, "
							+ "for example https://api.openai.com/v1.");
		}
	}

	private static Timeouts timeouts(String prefix, ChatConnectionProperties own, ChatConnectionProperties base) {
		Timeouts defaults = Timeouts.DEFAULTS;
		ChatConnectionProperties.Timeouts mine = own.getTimeouts();
		ChatConnectionProperties.Timeouts fallback = base.getTimeouts();
		String where = prefix + "timeouts.";
		return new Timeouts(timeout(where, "connect", mine.getConnect(), fallback.getConnect(), defaults.connect()),
				timeout(where, "first-byte", mine.getFirstByte(), fallback.getFirstByte(), defaults.firstByte()),
				timeout(where, "stream-idle", mine.getStreamIdle(), fallback.getStreamIdle(), defaults.streamIdle()),
				timeout(where, "total", mine.getTotal(), fallback.getTotal(), defaults.total()));
	}

	/**
	 * A timeout: the connection's own, else the default connection's, else the library
	 * default; zero means no limit and a negative value is refused.
	 */
	private static @Nullable Duration timeout(String prefix, String key, @Nullable Duration own,
			@Nullable Duration base, @Nullable Duration fallback) {
		Duration configured = pick(own, base);
		if (configured == null) {
			return fallback;
		}
		requireNotNegative(((own != null) ? prefix : "chat.timeouts.") + key, configured);
		return configured.isZero() ? null : configured;
	}

	private static RetryPolicy retryPolicy(String prefix, ChatConnectionProperties own, ChatConnectionProperties base) {
		RetryPolicy defaults = RetryPolicy.DEFAULTS;
		ChatConnectionProperties.Retry mine = own.getRetry();
		String where = origin(prefix, mine.getMaxAttempts()) + "retry.max-attempts";
		Integer attempts = pick(mine.getMaxAttempts(), base.getRetry().getMaxAttempts());
		requirePositive(where, attempts, (attempts != null) ? attempts : 1);
		Duration initial = pick(mine.getInitialBackoff(), base.getRetry().getInitialBackoff());
		Duration max = pick(mine.getMaxBackoff(), base.getRetry().getMaxBackoff());
		Duration maxRetryAfter = pick(mine.getMaxRetryAfter(), base.getRetry().getMaxRetryAfter());
		requireNotNegative(origin(prefix, mine.getInitialBackoff()) + "retry.initial-backoff", initial);
		requireNotNegative(origin(prefix, mine.getMaxBackoff()) + "retry.max-backoff", max);
		requireNotNegative(origin(prefix, mine.getMaxRetryAfter()) + "retry.max-retry-after", maxRetryAfter);
		return new RetryPolicy((attempts != null) ? attempts - 1 : defaults.maxRetries(),
				(initial != null) ? initial : defaults.initialBackoff(), (max != null) ? max : defaults.maxBackoff(),
				(maxRetryAfter != null) ? maxRetryAfter : defaults.maxRetryAfter());
	}

	private static ChatCompletionRequest requestDefaults(String prefix, String model, ChatConnectionProperties own,
			ChatConnectionProperties base) {
		Options mine = own.getOptions();
		Options fallback = base.getOptions();
		ChatCompletionRequest.Builder request = ChatCompletionRequest.builder()
			.model(model)
			.temperature(pick(mine.getTemperature(), fallback.getTemperature()))
			.topP(pick(mine.getTopP(), fallback.getTopP()))
			.maxTokens(pick(mine.getMaxTokens(), fallback.getMaxTokens()))
			.maxCompletionTokens(pick(mine.getMaxCompletionTokens(), fallback.getMaxCompletionTokens()))
			.reasoningEffort(pick(mine.getReasoningEffort(), fallback.getReasoningEffort()))
			.seed(pick(mine.getSeed(), fallback.getSeed()))
			.stop(pick(mine.getStop(), fallback.getStop()))
			.user(pick(mine.getUser(), fallback.getUser()))
			.frequencyPenalty(pick(mine.getFrequencyPenalty(), fallback.getFrequencyPenalty()))
			.presencePenalty(pick(mine.getPresencePenalty(), fallback.getPresencePenalty()))
			.responseFormat(responseFormat(prefix, pick(mine.getResponseFormat(), fallback.getResponseFormat())));
		Boolean includeUsage = pick(mine.getIncludeUsage(), fallback.getIncludeUsage());
		if (includeUsage == null || includeUsage) {
			request.streamOptions(StreamOptions.withUsage());
		}
		Map<String, Object> extraBody = new LinkedHashMap<>(fallback.getExtraBody());
		extraBody.putAll(mine.getExtraBody());
		extraBody.forEach((name, value) -> request.extraBodyField(name, json(value)));
		Map<String, String> extraHeaders = new LinkedHashMap<>(fallback.getExtraHeaders());
		extraHeaders.putAll(mine.getExtraHeaders());
		request.extraHeaders(extraHeaders);
		return request.build();
	}

	private static @Nullable ResponseFormat responseFormat(String prefix, @Nullable String format) {
		if (format == null) {
			return null;
		}
		return switch (format.strip()) {
			case "text" -> ResponseFormat.text();
			case "json_object", "json-object" -> ResponseFormat.jsonObject();
			default -> throw new InvalidChatPropertiesException(prefix + "options.response-format", format,
					"the response format must be text or json_object",
					"Set " + prefix + "options.response-format to text or json_object; for a JSON schema, "
							+ "set response_format per request instead.");
		};
	}

	/**
	 * Values bound from properties arrive as strings or maps; a string that is a JSON
	 * literal ({@code true}, {@code 42}, {@code {"a":1}}) is sent as that JSON, any other
	 * as a string.
	 */
	static JsonNode json(Object value) {
		if (value instanceof String text) {
			try {
				JsonNode parsed = WireJson.mapper().readTree(text);
				if (parsed != null && !parsed.isMissingNode()) {
					return parsed;
				}
			}
			catch (JacksonException ex) {
				// not JSON: sent as a string
			}
			return WireJson.mapper().getNodeFactory().stringNode(text);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, JsonNode> fields = new LinkedHashMap<>();
			map.forEach((key, item) -> fields.put(String.valueOf(key), json(item)));
			return WireJson.mapper().valueToTree(fields);
		}
		if (value instanceof List<?> list) {
			return WireJson.mapper().valueToTree(list.stream().map(ChatPropertiesMapper::json).toList());
		}
		return WireJson.mapper().valueToTree(value);
	}

	/**
	 * The prefix of the property a value came from: the connection's own, or
	 * {@code chat.} when it was inherited.
	 */
	static String origin(String prefix, @Nullable Object own) {
		return (own != null) ? prefix : "chat.";
	}

	private static void requirePositive(String property, @Nullable Object value, long amount) {
		if (amount <= 0) {
			throw new InvalidChatPropertiesException(property, String.valueOf(value), "the value must be positive",
					"Set " + property + " to a positive value, or leave it unset for the default.");
		}
	}

	private static void requireNotNegative(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new InvalidChatPropertiesException(property, value.toString(), "a duration cannot be negative",
					"Set " + property + " to a positive duration such as 30s, or leave it unset for the default.");
		}
	}

	static <T> @Nullable T pick(ChatConnectionProperties own, ChatConnectionProperties base,
			Function<ChatConnectionProperties, @Nullable T> getter) {
		return pick(getter.apply(own), getter.apply(base));
	}

	static <T> @Nullable T pick(@Nullable T own, @Nullable T base) {
		return (own != null) ? own : base;
	}

}
