package dev.chatconversation.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.chatconversation.autoconfigure.ChatConnectionProperties.Options;
import dev.chatconversation.boot.ChatConnectionSettings;
import dev.chatconversation.client.RetryPolicy;
import dev.chatconversation.client.Timeouts;
import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.StreamOptions;
import dev.chatconversation.client.model.ResponseFormat;
import dev.chatconversation.client.model.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Applies one level of {@code chat.*} properties over the settings it inherits: each
 * value it sets replaces the inherited one, each map entry it sets is added, and what it
 * leaves unset is kept. Each value is checked against the property it was set by.
 */
final class PropertiesLayer {

	private static final PropertyMapper map = PropertyMapper.get();

	private final String prefix;

	private final ChatConnectionProperties level;

	/**
	 * A layer.
	 * @param prefix the prefix of the level's properties, such as {@code chat.} or
	 * {@code chat.connections.local.}
	 * @param level the properties of the level
	 */
	PropertiesLayer(String prefix, ChatConnectionProperties level) {
		this.prefix = prefix;
		this.level = level;
	}

	/**
	 * The inherited settings with this level's values applied.
	 * @param inherited the settings this level starts from
	 * @param endpoint whether to apply the level's base URL, credentials and headers
	 * @return the settings
	 */
	ChatConnectionSettings applyTo(ChatConnectionSettings inherited, boolean endpoint) {
		ChatConnectionSettings settings = endpoint ? applyEndpointTo(inherited) : inherited;
		return settings
			.withLimits(maxResponseSize(settings.maxResponseSize()), maxConnections(settings.maxConnections()))
			.withTimeouts(timeouts(settings.timeouts()))
			.withRetryPolicy(retryPolicy(settings.retryPolicy()))
			.withConversationDefaults(requestDefaults(settings.requestDefaults()),
					orElse(this.level.getSystemPrompt(), settings.systemPrompt()));
	}

	private ChatConnectionSettings applyEndpointTo(ChatConnectionSettings inherited) {
		ChatConnectionProperties level = this.level;
		ChatConnectionSettings settings = map.from(level::getBaseUrl)
			.to(inherited, ChatConnectionSettings::withBaseUrl);
		Map<String, String> headers = new LinkedHashMap<>(settings.headers());
		headers.putAll(level.getHeaders());
		return settings.withHeaders(headers)
			.withCredentials(orElse(ApiKeyValues.sendable(level.getApiKey()), settings.apiKey()),
					orElse(level.getOrganization(), settings.organization()),
					orElse(level.getProject(), settings.project()));
	}

	private @Nullable Integer maxResponseSize(@Nullable Integer inherited) {
		DataSize size = this.level.getMaxResponseSize();
		if (size == null) {
			return inherited;
		}
		requirePositive("max-response-size", size, size.toBytes());
		return (int) Math.min(Integer.MAX_VALUE, size.toBytes());
	}

	private @Nullable Integer maxConnections(@Nullable Integer inherited) {
		Integer connections = this.level.getMaxConnections();
		if (connections == null) {
			return inherited;
		}
		requirePositive("max-connections", connections, connections);
		return connections;
	}

	/**
	 * The inherited time limits with this level's; zero means no limit.
	 */
	private Timeouts timeouts(Timeouts inherited) {
		ChatConnectionProperties.Timeouts set = this.level.getTimeouts();
		if (set == null) {
			return inherited;
		}
		Timeouts timeouts = map.from(set::connect).to(inherited, (t, d) -> t.withConnect(limit("connect", d)));
		timeouts = map.from(set::firstByte).to(timeouts, (t, d) -> t.withFirstByte(limit("first-byte", d)));
		timeouts = map.from(set::streamIdle).to(timeouts, (t, d) -> t.withStreamIdle(limit("stream-idle", d)));
		return map.from(set::total).to(timeouts, (t, d) -> t.withTotal(limit("total", d)));
	}

	private @Nullable Duration limit(String key, Duration value) {
		requireNotNegative("timeouts." + key, value);
		return value.isZero() ? null : value;
	}

	private RetryPolicy retryPolicy(RetryPolicy inherited) {
		ChatConnectionProperties.Retry set = this.level.getRetry();
		if (set == null) {
			return inherited;
		}
		Integer attempts = set.maxAttempts();
		if (attempts != null) {
			requirePositive("retry.max-attempts", attempts, attempts);
		}
		return new RetryPolicy((attempts != null) ? attempts - 1 : inherited.maxRetries(),
				backoff("retry.initial-backoff", set.initialBackoff(), inherited.initialBackoff()),
				backoff("retry.max-backoff", set.maxBackoff(), inherited.maxBackoff()),
				backoff("retry.max-retry-after", set.maxRetryAfter(), inherited.maxRetryAfter()));
	}

	private Duration backoff(String key, @Nullable Duration value, Duration inherited) {
		if (value == null) {
			return inherited;
		}
		requireNotNegative(key, value);
		return value;
	}

	private ChatCompletionRequest requestDefaults(ChatCompletionRequest inherited) {
		ChatCompletionRequest.Builder request = inherited.mutate();
		map.from(this.level::getModel).to(request::model);
		Options set = this.level.getOptions();
		if (set == null) {
			return request.build();
		}
		map.from(set::temperature).to(request::temperature);
		map.from(set::topP).to(request::topP);
		map.from(set::maxTokens).to(request::maxTokens);
		map.from(set::maxCompletionTokens).to(request::maxCompletionTokens);
		map.from(set::reasoningEffort).to(request::reasoningEffort);
		map.from(set::seed).to(request::seed);
		map.from(set::stop).to(request::stop);
		map.from(set::user).to(request::user);
		map.from(set::frequencyPenalty).to(request::frequencyPenalty);
		map.from(set::presencePenalty).to(request::presencePenalty);
		map.from(set::responseFormat).as(this::responseFormat).to(request::responseFormat);
		map.from(set::includeUsage).to((usage) -> request.streamOptions(usage ? StreamOptions.withUsage() : null));
		set.extraBody().forEach((name, value) -> request.extraBodyField(name, json(value)));
		set.extraHeaders().forEach(request::extraHeader);
		return request.build();
	}

	private ResponseFormat responseFormat(String format) {
		return switch (format.strip()) {
			case "text" -> ResponseFormat.text();
			case "json_object", "json-object" -> ResponseFormat.jsonObject();
			default -> throw new InvalidChatPropertiesException(this.prefix + "options.response-format", format,
					"the response format must be text or json_object",
					"Set " + this.prefix + "options.response-format to text or json_object; for a JSON schema, "
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
			return WireJson.mapper().valueToTree(list.stream().map(PropertiesLayer::json).toList());
		}
		return WireJson.mapper().valueToTree(value);
	}

	private void requirePositive(String key, Object value, long amount) {
		if (amount <= 0) {
			String property = this.prefix + key;
			throw new InvalidChatPropertiesException(property, String.valueOf(value), "the value must be positive",
					"Set " + property + " to a positive value, or leave it unset for the default.");
		}
	}

	private void requireNotNegative(String key, Duration value) {
		if (value.isNegative()) {
			String property = this.prefix + key;
			throw new InvalidChatPropertiesException(property, value.toString(), "a duration cannot be negative",
					"Set " + property + " to a positive duration such as 30s, or leave it unset for the default.");
		}
	}

	private static <T> @Nullable T orElse(@Nullable T value, @Nullable T inherited) {
		return (value != null) ? value : inherited;
	}

}
