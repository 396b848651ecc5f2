package dev.chatconversation.client.provider;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.chatconversation.client.model.ChatCompletionRequest;
import dev.chatconversation.client.model.ToolChoice;
import dev.chatconversation.client.model.WireJson;
import dev.chatconversation.client.provider.RequestParameters.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * The rules that change top-level parameters.
 */
final class ParameterRules {

	private ParameterRules() {
	}

	static RequestRule drop(Set<String> names) {
		List<Parameter> dropped = names.stream().map(RequestParameters::named).toList();
		return (request) -> clear(request, dropped);
	}

	static RequestRule keepOnly(Set<String> names) {
		List<Parameter> dropped = RequestParameters.names()
			.stream()
			.filter((name) -> !names.contains(name))
			.map(RequestParameters::named)
			.toList();
		return (request) -> clear(request, dropped);
	}

	static RequestRule rename(String name, String newName) {
		Parameter parameter = RequestParameters.named(name);
		Objects.requireNonNull(newName, "newName");
		return (request) -> {
			Object value = parameter.value().apply(request);
			if (value == null) {
				return request;
			}
			ChatCompletionRequest.Builder renamed = request.mutate();
			parameter.clear().accept(renamed);
			if (!request.extraBody().containsKey(newName)) {
				renamed.extraBodyField(newName, WireJson.mapper().valueToTree(value));
			}
			return renamed.build();
		};
	}

	static ChatCompletionRequest maxCompletionTokensAsMaxTokens(ChatCompletionRequest request) {
		Integer limit = request.maxCompletionTokens();
		if (limit == null) {
			return request;
		}
		Integer maxTokens = (request.maxTokens() != null) ? request.maxTokens() : limit;
		return request.mutate().maxCompletionTokens(null).maxTokens(maxTokens).build();
	}

	static ChatCompletionRequest maxTokensAsMaxCompletionTokens(ChatCompletionRequest request) {
		Integer limit = request.maxTokens();
		if (limit == null) {
			return request;
		}
		Integer maxCompletionTokens = (request.maxCompletionTokens() != null) ? request.maxCompletionTokens() : limit;
		return request.mutate().maxTokens(null).maxCompletionTokens(maxCompletionTokens).build();
	}

	static ChatCompletionRequest toolChoiceRequiredAsAny(ChatCompletionRequest request) {
		ToolChoice choice = request.toolChoice();
		if (choice == null || !choice.mode().equals("required")) {
			return request;
		}
		return request.mutate()
			.toolChoice(new ToolChoice(WireJson.mapper().getNodeFactory().stringNode("any")))
			.build();
	}

	static RequestRule query(String name, String value) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(value, "value");
		return (request) -> request.extraQuery().containsKey(name) ? request
				: request.mutate().extraQueryParam(name, value).build();
	}

	static ChatCompletionRequest clear(ChatCompletionRequest request, List<Parameter> parameters) {
		ChatCompletionRequest.@Nullable Builder changed = null;
		for (Parameter parameter : parameters) {
			if (parameter.isSet(request)) {
				if (changed == null) {
					changed = request.mutate();
				}
				parameter.clear().accept(changed);
			}
		}
		return (changed != null) ? changed.build() : request;
	}

}
